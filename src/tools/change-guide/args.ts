/** The command line of `npm run change-guide`. */

/** print: the report and the table; check: compare the table with docs/changing.md's; write: put it there. */
export type ChangeGuideMode = "print" | "check" | "write";

export const CHANGE_GUIDE_USAGE = [
  "usage: npm run change-guide [-- --check | --write]",
  "  Makes each everyday change of docs/changing.md alone in a copy of the project (in the temp folder;",
  "  your tree is only read), runs the type check, npm run reachability and Jest, and prints what fails",
  '  and the table of docs/changing.md, section "What the everyday changes break". It runs the test suite',
  "  once per change: minutes.",
  "  --check  exit 1, naming the row, when the doc's table differs from the run (a CI step)",
  "  --write  put the run's numbers into the doc's table (each row keeps its \"why\")",
].join("\n");

const MODES: Record<string, ChangeGuideMode> = { "--check": "check", "--write": "write" };

/** The mode the arguments ask for; throws on an unknown argument, or on both --check and --write. */
export function parseChangeGuideArgs(argv: readonly string[]): ChangeGuideMode {
  const unknown = argv.filter((a) => !(a in MODES));
  if (unknown.length) throw new Error(`unknown argument ${JSON.stringify(unknown[0])}\n${CHANGE_GUIDE_USAGE}`);
  const modes = [...new Set(argv.map((a) => MODES[a]))];
  if (modes.length > 1) throw new Error(`--check and --write exclude each other\n${CHANGE_GUIDE_USAGE}`);
  return modes[0] ?? "print";
}
