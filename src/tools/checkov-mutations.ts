/**
 * This suite's verdicts against checkov's on the deliberate regressions (src/policy/mutations.ts):
 * for every checkov rule ID the suite claims, on every resource, does the mutated stack fail it in
 * both, or pass it in both? A difference the clean base stack already has is the clean comparison's
 * (SECURITY.md's tables of findings only one side reports); a difference the mutation brings must be
 * a row of SECURITY.md's "This suite against checkov" table, and every row must still occur.
 */
import { backticked, ExceptionsError, tableRows } from "../policy/exceptions";
import { Finding } from "../policy/finding";
import { globRegExp } from "../policy/glob";
import { checkovId } from "./checkov";

export const COMPARISON_SECTION = "This suite against checkov";

/** Stricter: this suite fails the resource, checkov passes it. Looser: the reverse. */
export const DIFFERENCES = ["stricter than checkov", "looser than checkov"] as const;
export type Difference = (typeof DIFFERENCES)[number];

/** A row of SECURITY.md's comparison table: one mutation, one checkov rule, the resources it differs on. */
export interface ListedDifference {
  readonly mutation: string;
  readonly id: string;
  /** Addresses or address patterns (`*` is any text). */
  readonly addresses: readonly string[];
  readonly difference: Difference;
  readonly reason: string;
}

/** The checkov rule IDs inside the suite's rule IDs (`CKV_AWS_130 / EC2.15` claims `CKV_AWS_130`). */
export const claimedCheckovIds = (ruleIds: readonly string[]) =>
  [...new Set(ruleIds.map(checkovId).filter((id): id is string => !!id))].sort();

/**
 * SECURITY.md's comparison table: `| mutation | check | resources | difference | reason |`, each of
 * the first four in backticks. A row naming a mutation or a check that does not exist is an error.
 */
export function parseComparison(markdown: string, mutations: readonly string[], claimed: readonly string[]): ListedDifference[] {
  return tableRows(markdown, COMPARISON_SECTION).map(({ cells, where }) => {
    if (cells.length !== 5)
      throw new ExceptionsError(`${where}: expected 5 cells (mutation | check | resources | difference | reason), found ${cells.length}`);
    const [[mutation], [id], addresses, [difference]] = cells.slice(0, 4).map(backticked);
    const reason = cells[4];
    if (!mutation || !id || addresses.length === 0 || !difference)
      throw new ExceptionsError(`${where}: the mutation, the check, the resources and the difference are written in backticks`);
    if (!mutations.includes(mutation))
      throw new ExceptionsError(`${where}: no mutation in src/policy/mutations.ts is named ${JSON.stringify(mutation)}`);
    if (!claimed.includes(id)) throw new ExceptionsError(`${where}: ${id} is not a checkov rule this suite claims (${claimed.length} are)`);
    if (!(DIFFERENCES as readonly string[]).includes(difference))
      throw new ExceptionsError(`${where}: the difference is ${DIFFERENCES.map((d) => `\`${d}\``).join(" or ")}, not ${difference}`);
    if (reason.length < 20) throw new ExceptionsError(`${where}: say why ${id} differs on this mutation`);
    return { mutation, id, addresses, difference: difference as Difference, reason };
  });
}

const key = (id: string, address: string) => `${id} @ ${address}`;

/** The suite's findings as checkov would name them: `CKV_AWS_130 @ aws_subnet.x`, checkov rules only. */
export const asCheckovFindings = (findings: readonly Finding[]) =>
  new Set(findings.flatMap((f) => (checkovId(f.id) ? [key(checkovId(f.id)!, f.address)] : [])));

/** One stack's verdicts: the failed `id @ address` pairs of each side. */
export interface Verdicts {
  readonly ours: ReadonlySet<string>;
  readonly checkov: ReadonlySet<string>;
}

/** Where the two sides differ, on the claimed rules only. */
function differences(v: Verdicts, claimed: readonly string[]): Map<string, Difference> {
  const isClaimed = (k: string) => claimed.includes(k.split(" @ ")[0]);
  const found = new Map<string, Difference>();
  for (const k of [...v.ours].filter(isClaimed)) if (!v.checkov.has(k)) found.set(k, "stricter than checkov");
  for (const k of [...v.checkov].filter(isClaimed)) if (!v.ours.has(k)) found.set(k, "looser than checkov");
  return found;
}

export interface MutationVerdicts {
  readonly mutation: string;
  readonly base: Verdicts;
  readonly mutated: Verdicts;
}

export interface FoundDifference {
  readonly key: string;
  readonly difference: Difference;
  /** The SECURITY.md row that lists it, if any. */
  readonly listed?: ListedDifference;
}

export interface MutationComparison {
  readonly mutation: string;
  /** Claimed-rule findings both sides report on the mutated stack and not on its base: the mutation as both see it. */
  readonly agreed: readonly string[];
  /** Differences the mutation brings (not already on its base). */
  readonly differences: readonly FoundDifference[];
}

const listedFor = (listed: readonly ListedDifference[], mutation: string, k: string, difference: Difference) => {
  const [id, address] = k.split(" @ ");
  return listed.find(
    (l) => l.mutation === mutation && l.id === id && l.difference === difference && l.addresses.some((a) => globRegExp(a).test(address)),
  );
};

export function compareMutations(
  all: readonly MutationVerdicts[],
  listed: readonly ListedDifference[],
  claimed: readonly string[],
): { comparisons: MutationComparison[]; stale: string[] } {
  const comparisons = all.map((m): MutationComparison => {
    const before = differences(m.base, claimed);
    const found = [...differences(m.mutated, claimed)]
      .filter(([k, d]) => before.get(k) !== d)
      .map(([k, difference]) => ({ key: k, difference, listed: listedFor(listed, m.mutation, k, difference) }))
      .sort((a, b) => a.key.localeCompare(b.key));
    const agreed = [...m.mutated.ours]
      .filter((k) => m.mutated.checkov.has(k) && !(m.base.ours.has(k) && m.base.checkov.has(k)))
      .filter((k) => claimed.includes(k.split(" @ ")[0]))
      .sort();
    return { mutation: m.mutation, agreed, differences: found };
  });
  // A row, or one address of it, that no difference needs any more.
  const stale = listed.flatMap((l) =>
    l.addresses
      .filter(
        (a) =>
          !comparisons.some(
            (c) =>
              c.mutation === l.mutation &&
              c.differences.some((d) => d.listed === l && d.key.startsWith(`${l.id} @ `) && globRegExp(a).test(d.key.split(" @ ")[1])),
          ),
      )
      .map((a) => `${JSON.stringify(l.mutation)}: ${key(l.id, a)} (${l.difference})`),
  );
  return { comparisons, stale };
}

const VERDICT: Record<Difference, string> = {
  "stricter than checkov": "this suite FAILS it, checkov passes it",
  "looser than checkov": "this suite passes it, checkov FAILS it",
};

export function formatMutationComparison(result: { comparisons: readonly MutationComparison[]; stale: readonly string[] }): string {
  const lines: string[] = [];
  for (const c of result.comparisons) {
    const unlisted = c.differences.filter((d) => !d.listed);
    lines.push(
      `${JSON.stringify(c.mutation)}: ${unlisted.length ? "DIFFERS from checkov" : c.differences.length ? "differs from checkov as SECURITY.md lists" : "agrees with checkov"}`,
    );
    for (const k of c.agreed) lines.push(`  both fail  ${k}`);
    for (const d of c.differences)
      lines.push(
        d.listed
          ? `  listed     ${d.key}: ${VERDICT[d.difference]} (${d.difference})`
          : `  NEW        ${d.key}: ${VERDICT[d.difference]} on the mutation ${JSON.stringify(c.mutation)}; SECURITY.md's "${COMPARISON_SECTION}" does not list it (fix the rule, or add a \`${d.difference}\` row)`,
      );
  }
  for (const s of result.stale)
    lines.push(`STALE ${s}: SECURITY.md lists this difference; it no longer occurs (remove or correct the row)`);
  const bad = result.comparisons.filter((c) => c.differences.some((d) => !d.listed)).length;
  lines.push(
    "",
    bad + result.stale.length === 0
      ? `checkov on ${result.comparisons.length} mutations: every verdict on a claimed rule agrees with this suite's, or SECURITY.md lists the difference`
      : `checkov on ${result.comparisons.length} mutations: ${bad} differ from this suite in ways SECURITY.md does not list, ${result.stale.length} listed differences no longer occur`,
  );
  return lines.join("\n");
}

export const mutationComparisonFails = (result: { comparisons: readonly MutationComparison[]; stale: readonly string[] }) =>
  result.stale.length > 0 || result.comparisons.some((c) => c.differences.some((d) => !d.listed));
