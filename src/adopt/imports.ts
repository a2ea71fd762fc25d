import { TerraformResource, TerraformStack } from "cdktf";
import { AdoptionFile, ADOPT_DIR } from "./adoption-file";

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
