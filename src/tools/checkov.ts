/**
 * checkov against SECURITY.md: checkov's failed checks on each synthesized stack and each offline
 * plan must be exactly the accepted exceptions that are checkov's rules (the same table the policy
 * suite reads), corrected by SECURITY.md's two tables of disagreements: findings only checkov
 * reports, and findings only this suite reports (where it is stricter). Any other difference, in
 * either direction, fails the run.
 */
import { AcceptedException, appliesTo, covers, parseExceptions } from "../policy/exceptions";
import { StackJson } from "../synthesized/stack-json";

export const CHECKOV_ONLY_SECTION = "Findings only checkov reports";
export const OURS_ONLY_SECTION = "Findings only this suite reports";

/** checkov's id inside ours: `CKV_AWS_130 / EC2.15` → `CKV_AWS_130`; undefined for FSBP and MLOPS rules. */
export function checkovId(id: string): string | undefined {
  return /^CKV2?_AWS_\d+/.exec(id)?.[0];
}

export interface SecurityTables {
  readonly accepted: readonly AcceptedException[];
  readonly checkovOnly: readonly AcceptedException[];
  readonly oursOnly: readonly AcceptedException[];
}

export function securityTables(markdown: string, knownIds: readonly string[]): SecurityTables {
  return {
    accepted: parseExceptions(markdown, knownIds),
    checkovOnly: parseExceptions(markdown, knownIds, CHECKOV_ONLY_SECTION),
    oursOnly: parseExceptions(markdown, knownIds, OURS_ONLY_SECTION),
  };
}

/** What checkov judged: a synthesized stack or a plan of it, with the stack it stands for. */
export interface CheckovTarget {
  readonly label: string;
  /** The stack's name (SECURITY.md's stacks column matches it). */
  readonly name: string;
  readonly stack: StackJson;
  /** The file checkov read. */
  readonly file: string;
  /** A plan of the stack (`terraform show -json`), not the stack's JSON. */
  readonly plan?: boolean;
}

const key = (id: string, address: string) => `${id} @ ${address}`;

/** Rows that apply to the target, as `id @ address` for resources it has. */
function rows(exceptions: readonly AcceptedException[], t: CheckovTarget): string[] {
  return exceptions
    .map((e) => (t.plan ? { ...e, stacks: e.stacks.filter((s) => s.qualifier !== "synthesized JSON") } : e))
    .filter((e) => appliesTo(e, t.name, t.stack))
    .flatMap((e) => {
      const id = checkovId(e.id);
      // Addresses or patterns (`aws_subnet.public_subnet_*`): each resource of the stack they name.
      const named = Object.entries(t.stack.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`));
      return id ? named.filter((a) => covers(e, a)).map((a) => key(id, a)) : [];
    });
}

/** The failed checks checkov must report on the target, and no others. */
export function expectedCheckovFindings(t: CheckovTarget, tables: SecurityTables): string[] {
  const oursOnly = new Set(rows(tables.oursOnly, t));
  return [...new Set([...rows(tables.accepted, t).filter((k) => !oursOnly.has(k)), ...rows(tables.checkovOnly, t)])].sort();
}

interface CheckovCheck {
  readonly check_id: string;
  readonly resource: string;
  readonly file_abs_path?: string;
  readonly file_path: string;
}

interface CheckovResult {
  readonly check_type: string;
  readonly results: {
    readonly failed_checks: readonly CheckovCheck[];
    readonly passed_checks?: readonly CheckovCheck[];
  };
}

/**
 * checkov's resource names as addresses: for a cdktf JSON file it writes `resource.<name>` for
 * resource checks, so the type is the one of the stack that has that name (names are unique in
 * these stacks); plans and graph checks name `type.name` already.
 */
function address(resource: string, stack: StackJson): string {
  const m = /^resource\.(.+)$/.exec(resource);
  if (!m) return resource.replace(/^module\.[^.]+\./, "");
  const types = Object.entries(stack.resource ?? {})
    .filter(([, byName]) => m[1] in byName)
    .map(([type]) => type);
  return types.length === 1 ? `${types[0]}.${m[1]}` : resource;
}

/** checkov's failed checks by target label, as `id @ address`. */
export function checkovFindings(report: unknown, targets: readonly CheckovTarget[], sameFile: (a: string, b: string) => boolean) {
  const results = (Array.isArray(report) ? report : [report]) as CheckovResult[];
  const found = new Map<string, Set<string>>(targets.map((t) => [t.label, new Set()]));
  const checked = new Set<string>();
  const targetOf = (c: CheckovCheck) => {
    const t = targets.find((x) => sameFile(x.file, c.file_abs_path ?? c.file_path));
    if (!t) throw new Error(`checkov reported ${c.check_id} on a file it was not given: ${c.file_abs_path ?? c.file_path}`);
    checked.add(t.label);
    return t;
  };
  for (const r of results) {
    for (const p of r.results?.passed_checks ?? []) targetOf(p);
    for (const f of r.results?.failed_checks ?? []) {
      const t = targetOf(f);
      found.get(t.label)!.add(key(f.check_id, address(f.resource, t.stack)));
    }
  }
  // A file checkov did not read has no findings either: that is no pass.
  const unread = targets.filter((t) => !checked.has(t.label)).map((t) => t.label);
  if (unread.length > 0)
    throw new Error(`checkov ran no check on ${unread.join(", ")}: it did not read ${unread.length === 1 ? "that file" : "those files"}`);
  return found;
}

export interface TargetComparison {
  readonly target: CheckovTarget;
  readonly expected: readonly string[];
  /** Failed in checkov and not expected: a finding SECURITY.md does not list. */
  readonly unexpected: readonly string[];
  /** Expected and not failed in checkov: a row that no longer holds. */
  readonly missing: readonly string[];
}

export function compareWithCheckov(targets: readonly CheckovTarget[], found: Map<string, Set<string>>, tables: SecurityTables) {
  return targets.map((target): TargetComparison => {
    const expected = expectedCheckovFindings(target, tables);
    const actual = [...(found.get(target.label) ?? [])].sort();
    return {
      target,
      expected,
      unexpected: actual.filter((k) => !expected.includes(k)),
      missing: expected.filter((k) => !actual.includes(k)),
    };
  });
}

export function formatComparison(comparisons: readonly TargetComparison[]): string {
  const lines: string[] = [];
  for (const c of comparisons) {
    const ok = c.unexpected.length + c.missing.length === 0;
    lines.push(
      `${c.target.label} (${c.target.name}): ${ok ? `${c.expected.length} failed checks, each listed in SECURITY.md` : "DIFFERS from SECURITY.md"}`,
    );
    for (const k of c.expected.filter((x) => !c.missing.includes(x))) lines.push(`  listed   ${k}`);
    for (const k of c.unexpected) lines.push(`  NEW      ${k}  (checkov fails it; SECURITY.md does not list it: fix it, or add a row)`);
    for (const k of c.missing) lines.push(`  MISSING  ${k}  (SECURITY.md lists it; checkov passes it: remove or correct the row)`);
  }
  const bad = comparisons.filter((c) => c.unexpected.length + c.missing.length > 0).length;
  lines.push(
    "",
    `checkov: ${bad === 0 ? "every stack and plan agrees with SECURITY.md" : `${bad} of ${comparisons.length} stacks and plans differ from SECURITY.md`}`,
  );
  return lines.join("\n");
}
