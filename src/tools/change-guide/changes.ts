/**
 * The everyday changes of docs/changing.md, each as the edits a person makes by following the doc:
 * a file, the text found in it and the text put in its place. `npm run change-guide` makes them
 * one at a time in a copy of the project and reports what the checks say.
 */
import * as fs from "fs";
import * as path from "path";

/** One edit: `find` must occur exactly once in `file` (relative to the project root); `put` replaces it. */
export interface Edit {
  readonly file: string;
  readonly find: string;
  readonly put: string;
}

export interface EverydayChange {
  /** Its row in docs/changing.md's table, "What the everyday changes break". */
  readonly label: string;
  /** The section of docs/changing.md whose steps the edits follow. */
  readonly section: string;
  readonly edits: readonly Edit[];
}

/** An edit that appends `added` right after `find`. */
const after = (file: string, find: string, added: string): Edit => ({ file, find, put: `${find}${added}` });

/** An edit that inserts `added` right before `find`. */
const before = (file: string, find: string, added: string): Edit => ({ file, find, put: `${added}${find}` });

export const EVERYDAY_CHANGES: readonly EverydayChange[] = [
  {
    label: "endpoint `ssm` in the default set",
    section: "Add an interface endpoint",
    edits: [
      after(
        "src/config/endpoint-catalog.ts",
        '  { service: EndpointServiceName.LOGS, purpose: "CloudWatch Logs: container and node logs" },\n',
        '  { service: EndpointServiceName.SSM, purpose: "Systems Manager: Session Manager and Run Command on the nodes" },\n',
      ),
    ],
  },
  {
    label: "the ALB reaching the pods on 9090",
    section: "Add a security group rule",
    edits: [
      {
        file: "src/network/security-group-rules.ts",
        find: "export const ALB_TO_POD_PORTS = [80, 443];",
        put: "export const ALB_TO_POD_PORTS = [80, 443, 9090];",
      },
    ],
  },
  {
    label: "a third zone in `prod`",
    section: "Add an availability zone",
    edits: [
      after("config/environments.json", '"prod": { ', '"availabilityZones": ["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"], '),
    ],
  },
  {
    label: "a network output `vpc_owner_id`",
    section: "Add a network output (add, never rename)",
    edits: [
      before(
        "src/stacks/network-outputs.ts",
        "] as const;\n",
        '  { name: "vpc_owner_id", description: "AWS account ID that owns the VPC" },\n',
      ),
      before(
        "src/stacks/network-stack.ts",
        "    };\n    for (const { name, description } of NETWORK_OUTPUTS) {",
        "      vpc_owner_id: vpc.vpcOwnerId,\n",
      ),
      after(
        "src/rehearsal/output-contract.ts",
        "const OUTPUT_CHECKS: Record<NetworkOutputName, OutputCheck> = {\n",
        "  vpc_owner_id: (value) => (/^\\d{12}$/.test(String(value)) ? undefined : `expected an account ID, got ${JSON.stringify(value)}`),\n",
      ),
    ],
  },
];

/** A change that no longer applies: its text is not (or no longer uniquely) in the file. */
export class StaleChangeError extends Error {}

const occurrences = (text: string, find: string) => text.split(find).length - 1;

/**
 * Makes `change` in the project at `root`. Returns the edited files' original contents, for
 * `restoreFiles`. Throws before writing anything when an edit's text is missing or ambiguous: the
 * code (or the doc's steps) moved, and the change must be written again.
 */
export function applyChange(root: string, change: EverydayChange): Map<string, string> {
  const originals = new Map<string, string>();
  const edited = new Map<string, string>();
  for (const edit of change.edits) {
    const file = path.join(root, edit.file);
    if (!originals.has(edit.file)) originals.set(edit.file, fs.readFileSync(file, "utf8"));
    const text = edited.get(edit.file) ?? originals.get(edit.file)!;
    const found = occurrences(text, edit.find);
    if (found !== 1) {
      throw new StaleChangeError(
        `${change.label}: ${edit.file} has ${found === 0 ? "no" : found} occurrence${found === 1 ? "" : "s"} of ${JSON.stringify(edit.find)} ` +
          `(exactly one expected). The code or docs/changing.md ("${change.section}") moved: write the change again in src/tools/change-guide/changes.ts.`,
      );
    }
    edited.set(
      edit.file,
      text.replace(edit.find, () => edit.put),
    );
  }
  for (const [file, text] of edited) fs.writeFileSync(path.join(root, file), text);
  return originals;
}

/** Puts back the files `applyChange` edited. */
export function restoreFiles(root: string, originals: ReadonlyMap<string, string>): void {
  for (const [file, text] of originals) fs.writeFileSync(path.join(root, file), text);
}
