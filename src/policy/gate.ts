/**
 * The gate's verdicts on checkov's findings: the stacks as deployed must fail exactly SECURITY.md's
 * accepted exceptions; the variants with every switch on nothing else; each deliberate regression
 * exactly its listed findings; and every row of SECURITY.md must still be needed somewhere.
 */
import { AcceptedException, appliesTo, covers, judge } from "./exceptions";
import { Finding } from "./finding";
import { StackJson } from "../synthesized/stack-json";
import { StackReport } from "./report";

export interface JudgedStack {
  readonly label: string;
  readonly name: string;
  readonly stack: StackJson;
  readonly findings: readonly Finding[];
}

export const pair = (f: { id: string; address: string }) => `${f.id} @ ${f.address}`;

/** A stack's findings against SECURITY.md, as the report prints them. */
export function stackReport(s: JudgedStack, exceptions: readonly AcceptedException[]): StackReport {
  return { name: s.name, file: s.label, ...judge(s, exceptions) };
}

/** The findings SECURITY.md does not accept, as `id @ address`, sorted. */
export const unaccepted = (s: JudgedStack, exceptions: readonly AcceptedException[]) =>
  judge(s, exceptions)
    .judged.filter((j) => !j.accepted)
    .map((j) => pair(j.finding))
    .sort();

export interface MutationVerdict {
  readonly mutation: string;
  readonly expected: readonly string[];
  readonly found: readonly string[];
}

export const mutationCaught = (v: MutationVerdict) =>
  v.found.length > 0 && v.found.length === v.expected.length && v.expected.every((e) => v.found.includes(e));

export function formatMutations(verdicts: readonly MutationVerdict[]): string {
  const lines = verdicts.flatMap((v) => {
    if (mutationCaught(v)) return [`  caught   ${v.mutation}: ${v.found.join(", ")}`];
    const missing = v.expected.filter((e) => !v.found.includes(e));
    const extra = v.found.filter((f) => !v.expected.includes(f));
    return [
      `  ${v.found.length === 0 ? "MISSED" : "DIFFERS"}  ${v.mutation}`,
      ...missing.map((m) => `             expected, not reported: ${m}`),
      ...extra.map((m) => `             reported, not expected: ${m} (src/policy/mutations.ts lists what each regression must fail)`),
    ];
  });
  const bad = verdicts.filter((v) => !mutationCaught(v)).length;
  return [
    `deliberate regressions (src/policy/mutations.ts): ${bad === 0 ? `all ${verdicts.length} caught` : `${bad} of ${verdicts.length} not caught as listed`}`,
    ...lines,
  ].join("\n");
}

/** Rows (one per address) of SECURITY.md that accept no finding of any stack judged here: dead or mistyped. */
export function deadRows(exceptions: readonly AcceptedException[], stacks: readonly JudgedStack[]): string[] {
  return exceptions.flatMap((e) =>
    e.addresses
      .filter(
        (address) =>
          !stacks.some(
            (s) =>
              appliesTo(e, s.name, s.stack) && s.findings.some((f) => f.id === e.id && covers({ ...e, addresses: [address] }, f.address)),
          ),
      )
      .map((address) => pair({ id: e.id, address })),
  );
}
