/**
 * Where a tool writes its results. Tracked files (docs/, bench/results/) change only when that is
 * what the user asked for; anything else goes under `.out/`, which git ignores, so running a tool
 * to look at something never leaves the working tree dirty.
 */
import * as path from "path";

/** The git-ignored folder tools write to unless told to update the tracked copy. */
export const IGNORED_OUTPUT_DIR = ".out";

/** Paths relative to the project root, as printed to the user. */
export interface DiagramOutputs {
  readonly dot: string;
  readonly svg: string;
}

/**
 * docs/architecture.* for the default environment; `.out/diagram/architecture-<env>.*` for another.
 * The committed picture is the default environment's (the diagram test compares it), so `--write`
 * of another environment is refused rather than overwriting it.
 */
export function diagramOutputs(environment: string, isDefault: boolean, write: boolean): DiagramOutputs {
  const ignored = path.join(IGNORED_OUTPUT_DIR, "diagram", `architecture-${environment}`);
  if (write && !isDefault) {
    throw new Error(
      `--write updates docs/architecture.svg, the default environment's picture; environment ${environment} is drawn into ${ignored}.svg: run it without --write`,
    );
  }
  const base = isDefault ? path.join("docs", "architecture") : ignored;
  return { dot: `${base}.dot`, svg: `${base}.svg` };
}

/** bench/results/latest.json with --write; `.out/bench/latest.json` otherwise. */
export function benchOutput(write: boolean): string {
  return write ? path.join("bench", "results", "latest.json") : path.join(IGNORED_OUTPUT_DIR, "bench", "latest.json");
}

/** The tool's flags: `--write` and nothing else. Throws on anything unknown, so typos do not pass silently. */
export function parseWriteFlag(args: readonly string[]): boolean {
  const unknown = args.filter((a) => a !== "--write");
  if (unknown.length) throw new Error(`unknown argument ${unknown.join(" ")} (the only option is --write)`);
  return args.includes("--write");
}
