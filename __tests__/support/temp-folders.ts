import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * Every test run gets a temporary folder of its own as TMPDIR (so `os.tmpdir()` in the tests, the
 * tools they run and their child processes points into it), and must leave it empty: anything
 * left in it is a temp folder some test or tool forgot to remove. A folder of its own, not a
 * before/after listing of the shared one, so that other programs using /tmp at the same time do
 * not count.
 */
export interface TempCheck {
  /** The run's folder. */
  readonly dir: string;
  /** TMPDIR before the run (undefined: it was not set). */
  readonly previous: string | undefined;
}

export function startTempCheck(): TempCheck {
  const previous = process.env.TMPDIR;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlops-test-run-"));
  process.env.TMPDIR = dir;
  return { dir, previous };
}

/** What is left in the run's folder; removes the folder and restores TMPDIR. */
export function finishTempCheck({ dir, previous }: TempCheck): string[] {
  const left = fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
  fs.rmSync(dir, { recursive: true, force: true });
  if (previous === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previous;
  return left;
}

export function leftoverMessage(left: readonly string[]): string {
  return (
    `Tests left ${left.length} entr${left.length === 1 ? "y" : "ies"} in their temporary folder (removed now): ${left.join(", ")}. ` +
    "Each test and tool must remove what it makes."
  );
}
