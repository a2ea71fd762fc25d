/** The outcome of one stage of the rehearsal. */
export interface StageResult {
  readonly name: string;
  readonly status: "pass" | "fail" | "skip";
  readonly seconds: number;
  /** What was found: counts on a pass, each problem on a failure, the reason for a skip. */
  readonly details: readonly string[];
  /** Checks within the stage left out because the emulator cannot answer them (named in `details`). */
  readonly emulatorSkips?: number;
}

/** A stage's verdict before it is timed. */
export type Verdict = Omit<StageResult, "name" | "seconds">;

export const pass = (...details: string[]): Verdict => ({ status: "pass", details });
export const fail = (...details: string[]): Verdict => ({ status: "fail", details });
export const skip = (...details: string[]): Verdict => ({ status: "skip", details });

/** Runs stages in order (or side by side), each timed, each skipped when a stage it needs did not pass. */
export class StageRunner {
  readonly results: StageResult[] = [];

  /**
   * @param failFast after the first failure, every later stage is skipped (the emulator is
   * discarded anyway): for a quick answer, and for tests that only need the first failure.
   */
  constructor(
    private readonly report: (result: StageResult) => void,
    private readonly failFast = false,
  ) {}

  passed(name: string): boolean {
    return this.results.some((r) => r.name === name && r.status === "pass");
  }

  async stage(name: string, needs: readonly string[], body: () => Promise<Verdict>): Promise<StageResult> {
    const start = Date.now();
    const missing = needs.filter((n) => !this.passed(n));
    const firstFailure = this.failFast ? this.results.find((r) => r.status === "fail") : undefined;
    let verdict: Verdict;
    if (firstFailure) verdict = skip(`not run: --fail-fast, and ${firstFailure.name} failed`);
    else if (missing.length > 0) verdict = skip(`not run: ${missing.join(", ")} did not pass`);
    else {
      try {
        verdict = await body();
      } catch (e) {
        verdict = fail((e as Error).message);
      }
    }
    const result = { name, ...verdict, seconds: (Date.now() - start) / 1000 };
    this.results.push(result);
    this.report(result);
    return result;
  }
}

const MARK = { pass: "✓", fail: "✗", skip: "-" };

export function formatStage(r: StageResult): string {
  const head = `  ${MARK[r.status]} ${r.name.padEnd(44)} ${r.seconds.toFixed(1).padStart(6)} s`;
  return [head, ...r.details.map((d) => `      ${r.status === "skip" ? "skipped: " : ""}${d}`)].join("\n");
}
