import { TerraformResource, TerraformStack } from "cdktn";
import * as fs from "fs";
import * as path from "path";

/** The folder, at the project root, of the reviewed adoption files: `adopt/<stack>.json`. */
export const ADOPT_DIR = "adopt";

/** One console resource that the next deploy imports instead of creating. */
export interface AdoptedResource {
  /** Terraform address in the stack, e.g. `aws_subnet.public_subnet_ap_southeast_1a`. */
  readonly address: string;
  /** The import id Terraform needs for that type (a route's is `<rtb>_<cidr>`, an association's `<subnet>/<rtb>`). */
  readonly id: string;
  /** How it was found, for the reviewer: a Name tag, or the VPC and service. */
  readonly foundBy: string;
}

/**
 * What `adopt` found in the account, written for review and read at synth. The imports are all the
 * stack uses; the rest says where they came from.
 */
export interface AdoptionFile {
  readonly stack: string;
  readonly region: string;
  readonly namePrefix: string;
  readonly vpcId: string;
  readonly resources: readonly AdoptedResource[];
  /** Console resources left as they are, outside Terraform, and why (the default allow-all egress rule, say). */
  readonly leftAlone: readonly string[];
}

export function adoptionPath(root: string, stack: string): string {
  return path.join(root, ADOPT_DIR, `${stack}.json`);
}

/** The stack's adoption file under `root`, or undefined when the stack adopts nothing. */
export function readAdoption(root: string, stack: string): AdoptionFile | undefined {
  const file = adoptionPath(root, stack);
  if (!fs.existsSync(file)) return undefined;
  let parsed: AdoptionFile;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8")) as AdoptionFile;
  } catch (e) {
    throw new Error(
      `${path.join(ADOPT_DIR, `${stack}.json`)} is not valid JSON (${(e as Error).message}): run npm run adopt -- ${stack} again, or delete it.`,
      { cause: e },
    );
  }
  if (parsed.stack !== stack || !Array.isArray(parsed.resources)) {
    throw new Error(
      `${path.join(ADOPT_DIR, `${stack}.json`)} is not an adoption file of stack ${stack}: run npm run adopt -- ${stack} again, or delete it.`,
    );
  }
  return parsed;
}

/** Stable text: resources in address order (code-point order, the same in every locale), so that a second lookup of the same account writes the same file. */
export function adoptionText(adoption: AdoptionFile): string {
  const sorted = { ...adoption, resources: [...adoption.resources].sort((a, b) => (a.address < b.address ? -1 : 1)) };
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

/** A resource's address in its stack, as plans and `terraform state` name it. */
export function resourceAddress(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

/**
 * Gives every resource the adoption names an `import` block, so the next plan imports the console's
 * resource at that address instead of creating one. An address the stack does not build is an error:
 * the file is stale (the configuration changed since adopt ran) and would silently adopt less.
 */
export function importAdopted(stack: TerraformStack, adoption: AdoptionFile): void {
  const byAddress = new Map(adoption.resources.map((r) => [r.address, r.id]));
  for (const node of stack.node.findAll()) {
    if (!TerraformResource.isTerraformResource(node)) continue;
    const resource = node as TerraformResource;
    const id = byAddress.get(resourceAddress(resource));
    if (id === undefined) continue;
    resource.importFrom(id);
    byAddress.delete(resourceAddress(resource));
  }
  if (byAddress.size > 0) {
    throw new Error(
      `${ADOPT_DIR}/${adoption.stack}.json adopts resources stack ${adoption.stack} does not build: ${[...byAddress.keys()].join(", ")}. ` +
        `The configuration changed since it was written: run npm run adopt -- ${adoption.stack} again.`,
    );
  }
}
