/**
 * Measures what each everyday change breaks: a copy of the project in the temp folder (the work tree
 * as it is, uncommitted changes included; node_modules linked, with caches of its own), each change
 * made alone in it, then the type check and the reachability report side by side, then Jest once.
 * The user's tree is only read. The copy is removed at the end, on an error and on Ctrl-C (src/cleanup.ts).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { makeTempFolder, removeTempFolder, trackGroup } from "../../cleanup";
import { copyProject } from "../../rehearsal/workspace";
import { applyChange, EverydayChange, restoreFiles } from "./changes";
import { ChangeOutcome, confirmedFailures, failuresOf, JestResults, TestFailure } from "./outcome";

/** The checked-in configuration, whatever the shell exports (MLOPS_ENV, overrides): Jest drops these too. */
const OUTSIDE_CONFIGURATION = /^MLOPS_/;

/** The checkov that `npm test`'s security gate installs into the project: linked, not installed again in the copy. */
const CHECKOV_VENV = ".venv-checkov";

/**
 * Test files that cannot pass in the copy, whatever the change: not run there. node_modules is
 * linked, so Node resolves every package, and the packages they require, in the project's folder.
 */
const NOT_RUN_IN_THE_COPY: readonly { readonly file: string; readonly why: string }[] = [
  {
    file: "__tests__/framework.test.ts",
    why: "it checks that the provider bindings load this folder's shims/cdktf; from the copy they load the project's, and no everyday change touches which",
  },
  {
    file: "__tests__/change-guide.test.ts",
    why: "it checks that each everyday change applies to the code as it is, which the change made in the copy no longer is",
  },
];

interface Finished {
  readonly code: number;
  readonly output: string;
}

/** Jest ran but wrote no results: a failure of the run as a whole (its global teardown, its configuration). */
export class JestRunError extends Error {}

/** Runs a command in the copy; resolves with its exit code and its output (stdout and stderr). */
function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Finished> {
  return new Promise((resolve) => {
    // Each command leads a process group of its own, so that a signal reaches what it started too: the
    // program `sh -c` runs, Jest's workers and their terraform.
    const child = trackGroup(spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true }));
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", (e) => resolve({ code: 1, output: `${output}${e.message}\n` }));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

/** The last lines a failed command printed, indented, for the report. */
const tail = (output: string, lines = 12) =>
  output
    .trimEnd()
    .split("\n")
    .slice(-lines)
    .map((l) => `      ${l}`)
    .join("\n");

class Copy {
  readonly env: NodeJS.ProcessEnv;
  private readonly scripts: Record<string, string>;

  constructor(
    readonly dir: string,
    private readonly work: string,
    private readonly log: (line: string) => void,
  ) {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !OUTSIDE_CONFIGURATION.test(name)));
    // A temp folder inside the tool's: what a stopped Jest run leaves goes with it.
    const tmp = path.join(work, "tmp");
    fs.mkdirSync(tmp);
    // What npm puts on PATH for a script, as scripts/checks.mjs does.
    this.env = { ...env, TMPDIR: tmp, PATH: `${path.join(dir, "node_modules", ".bin")}${path.delimiter}${process.env.PATH}` };
    this.scripts = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).scripts;
  }

  /** An npm script of the copy, run as npm would without starting npm. */
  script(name: string): Promise<Finished> {
    return run("sh", ["-c", this.scripts[name]], this.dir, this.env);
  }

  /** Jest on `files` (every test when empty): its failing tests. */
  async jest(files: readonly string[] = []): Promise<TestFailure[]> {
    const results = path.join(this.work, "jest-results.json");
    fs.rmSync(results, { force: true });
    const jest = path.join(this.dir, "node_modules", "jest", "bin", "jest.js");
    // --ci: a snapshot that is missing fails instead of being written.
    const ignored = NOT_RUN_IN_THE_COPY.map(({ file }) => `/${file.replace(/\./g, "\\.")}$`);
    const args = [
      jest,
      "--ci",
      "--json",
      `--outputFile=${results}`,
      "--testPathIgnorePatterns",
      "/node_modules/",
      ...ignored,
      "--",
      ...files,
    ];
    const { output } = await run(process.execPath, args, this.dir, this.env);
    if (!fs.existsSync(results)) throw new JestRunError(`Jest wrote no results in the project copy; it said:\n${tail(output, 40)}`);
    return failuresOf(JSON.parse(fs.readFileSync(results, "utf8")) as JestResults, this.dir);
  }

  /** The checks of `npm test` on the copy as it is now. */
  async check(): Promise<ChangeOutcome> {
    const [typeCheck, reachability] = await Promise.all([this.script("typecheck"), this.script("reachability")]);
    for (const [name, result] of [
      ["type check", typeCheck],
      ["npm run reachability", reachability],
    ] as const) {
      if (result.code !== 0) this.log(`    ${name} failed:\n${tail(result.output)}`);
    }
    const all = await this.jest();
    const timedOut = [...new Set(all.filter((f) => f.timedOut).map((f) => f.file))];
    if (timedOut.length) this.log(`    timed out, run again alone: ${timedOut.join(", ")}`);
    const failures = timedOut.length ? confirmedFailures(all, await this.jest(timedOut)) : all;
    return { typeCheckPasses: typeCheck.code === 0, reachabilityPasses: reachability.code === 0, failures };
  }
}

export interface Measured {
  readonly change: EverydayChange;
  readonly outcome: ChangeOutcome;
}

/**
 * Makes each change alone in a copy of the project at `root` and runs the checks; `log` gets
 * progress lines. Every change is made (and undone) once before any check runs, so a change that
 * no longer applies fails in seconds, not after the test suite.
 */
export async function measureChanges(
  root: string,
  changes: readonly EverydayChange[],
  log: (line: string) => void,
  done: (measured: Measured) => void = () => {},
): Promise<Measured[]> {
  const work = makeTempFolder("mlops-change-guide-");
  try {
    const dir = copyProject(root, path.join(work, "project"), { ownNodeModules: true });
    if (fs.existsSync(path.join(root, CHECKOV_VENV))) fs.symlinkSync(path.join(root, CHECKOV_VENV), path.join(dir, CHECKOV_VENV), "dir");
    for (const change of changes) restoreFiles(dir, applyChange(dir, change));
    const copy = new Copy(dir, work, log);
    for (const { file, why } of NOT_RUN_IN_THE_COPY) log(`not run in the copy: ${file}: ${why}`);
    const measured: Measured[] = [];
    for (const [i, change] of changes.entries()) {
      log(`[${i + 1}/${changes.length}] ${change.label}: the type check, npm run reachability, then Jest`);
      const originals = applyChange(dir, change);
      try {
        const outcome = await copy.check();
        measured.push({ change, outcome });
        done({ change, outcome });
      } finally {
        restoreFiles(dir, originals);
      }
    }
    return measured;
  } finally {
    removeTempFolder(work);
  }
}
