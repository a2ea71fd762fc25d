/** What the checks said about one everyday change, read from their exit codes and Jest's JSON results. */
import * as path from "path";

/** A failing test: its file (relative to the project root) and its full name. */
export interface TestFailure {
  readonly file: string;
  readonly test: string;
  /** It failed by running out of time: on a loaded machine that may be the machine, so it is run again alone. */
  readonly timedOut: boolean;
}

export interface ChangeOutcome {
  readonly typeCheckPasses: boolean;
  readonly reachabilityPasses: boolean;
  readonly failures: readonly TestFailure[];
}

/** The part of `jest --json`'s results read here. */
export interface JestResults {
  readonly testResults: readonly {
    readonly name: string;
    readonly status: string;
    readonly message: string;
    readonly assertionResults: readonly {
      readonly fullName: string;
      readonly status: string;
      readonly failureMessages: readonly string[];
    }[];
  }[];
}

/** A file Jest could not run (a syntax error, a throw outside any test) counts as one failing test of this name. */
export const FILE_DID_NOT_RUN = "(the file did not run)";

const TIMEOUT = /Exceeded timeout of \d+ ms/;

/** The failing tests of a Jest run, files relative to `root`, sorted by file then name. */
export function failuresOf(results: JestResults, root: string): TestFailure[] {
  const failures = results.testResults.flatMap((file) => {
    const name = path.relative(root, file.name).split(path.sep).join("/");
    const failed = file.assertionResults.filter((a) => a.status === "failed");
    if (failed.length === 0 && file.status === "failed")
      return [{ file: name, test: FILE_DID_NOT_RUN, timedOut: TIMEOUT.test(file.message) }];
    return failed.map((a) => ({ file: name, test: a.fullName, timedOut: a.failureMessages.some((m) => TIMEOUT.test(m)) }));
  });
  return failures.sort((a, b) => a.file.localeCompare(b.file) || a.test.localeCompare(b.test));
}

/**
 * The failures of a full run, where those that timed out count only if they failed again in
 * `rerun` (their files run alone, on a machine less loaded than during the full run).
 */
export function confirmedFailures(full: readonly TestFailure[], rerun: readonly TestFailure[]): TestFailure[] {
  return full.filter((f) => !f.timedOut || rerun.some((r) => r.file === f.file && r.test === f.test));
}

/** The distinct files of `failures`, in order. */
export const filesOf = (failures: readonly TestFailure[]) => [...new Set(failures.map((f) => f.file))];

/** The outcome printed for a person: the checks, then each failing test under its file. */
export function formatOutcome(label: string, outcome: ChangeOutcome): string {
  const checks = [
    `type check ${outcome.typeCheckPasses ? "passes" : "FAILS"}`,
    `npm run reachability ${outcome.reachabilityPasses ? "passes" : "FAILS"}`,
  ];
  const files = filesOf(outcome.failures);
  const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
  const lines = [`${label}: ${checks.join(", ")}; ${plural(outcome.failures.length, "failing test")} in ${plural(files.length, "file")}`];
  for (const file of files) {
    lines.push(`  ${file}`);
    for (const f of outcome.failures.filter((x) => x.file === file)) lines.push(`    ✕ ${f.test}`);
  }
  return lines.join("\n");
}
