import { Judged, StaleException } from "./exceptions";

export interface StackReport {
  readonly name: string;
  /** The file it was read from, relative, for the reader. */
  readonly file: string;
  readonly judged: readonly Judged[];
  readonly stale: readonly StaleException[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function line(mark: string, id: string, address: string, text: string, widths: [number, number]) {
  return `  ${mark.padEnd(8)} ${id.padEnd(widths[0])} ${address.padEnd(widths[1])} ${text}`;
}

/** The findings of each stack, marked `accepted` (SECURITY.md), `FIX` or `STALE`, and a last line with the totals. */
export function formatPolicyReport(stacks: readonly StackReport[]): string {
  const all = stacks.flatMap((s) => [...s.judged.map((j) => j.finding), ...s.stale]);
  const widths: [number, number] = [Math.max(0, ...all.map((f) => f.id.length)), Math.max(0, ...all.map((f) => f.address.length))];
  const out: string[] = [];
  for (const s of stacks) {
    const toFix = s.judged.filter((j) => !j.accepted);
    const status =
      toFix.length + s.stale.length === 0
        ? `${plural(s.judged.length, "finding")}, all accepted`
        : `${plural(toFix.length, "finding")} to fix, ${plural(s.stale.length, "stale exception")}`;
    out.push(`${s.name} (${s.file}): ${status}`);
    for (const j of s.judged) out.push(line(j.accepted ? "accepted" : "FIX", j.finding.id, j.finding.address, j.finding.message, widths));
    for (const e of s.stale)
      out.push(line("STALE", e.id, e.address, "accepted in SECURITY.md but no longer found: remove it there", widths));
  }
  const toFix = stacks.reduce((n, s) => n + s.judged.filter((j) => !j.accepted).length, 0);
  const stale = stacks.reduce((n, s) => n + s.stale.length, 0);
  const accepted = stacks.reduce((n, s) => n + s.judged.filter((j) => j.accepted).length, 0);
  out.push(
    "",
    `policy: ${plural(toFix, "finding")} to fix, ${plural(stale, "stale exception")} in SECURITY.md, ${accepted} accepted, in ${plural(stacks.length, "stack")}`,
  );
  return out.join("\n");
}

/** Whether the run fails: a finding SECURITY.md does not accept, or an exception it accepts that no longer occurs. */
export const policyFails = (stacks: readonly StackReport[]) => stacks.some((s) => s.stale.length > 0 || s.judged.some((j) => !j.accepted));
