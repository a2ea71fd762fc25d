import { allResources, resourcesOf, StackJson } from "../synthesized/stack-json";
import { Finding } from "./finding";
import { globRegExp } from "./glob";

/**
 * Accepted exceptions, read from SECURITY.md (the only place they are written): the table under
 * "## Accepted exceptions", one row per checkov check with the stacks, the resources and the reason.
 *
 *   | `CKV_AWS_130` | `network*` | `aws_subnet.a`, `aws_subnet.b` | why |
 *
 * A stack is a name pattern (`*` is any text), optionally with a qualifier: `demo-alb* (HTTP only)`.
 * A resource is an address or an address pattern (`aws_subnet.public_subnet_*`), so an exception for
 * "every public subnet" holds for any number of zones.
 */
export interface AcceptedException {
  readonly id: string;
  readonly stacks: readonly StackSelector[];
  readonly addresses: readonly string[];
  readonly reason: string;
}

export interface StackSelector {
  readonly pattern: string;
  readonly qualifier?: string;
}

export class ExceptionsError extends Error {}

const hasListener = (stack: StackJson, protocols: string[]) =>
  resourcesOf(stack, "aws_lb_listener").some((l) => protocols.includes(String(l.body.protocol)));

/** Qualifiers a stack selector may carry, and how to tell whether a synthesized stack has it. */
export const QUALIFIERS: Record<string, (stack: StackJson) => boolean> = {
  "HTTP only": (s) => hasListener(s, ["HTTP"]) && !hasListener(s, ["HTTPS", "TLS"]),
  HTTPS: (s) => hasListener(s, ["HTTPS", "TLS"]),
  /** A network stack synthesized with `egress: "nat-gateway"`: it has the NAT gateway the private subnets route to. */
  "NAT egress": (s) => resourcesOf(s, "aws_nat_gateway").length > 0,
};

/** SECURITY.md's table of the findings checkov must report, and no more. */
export const ACCEPTED_SECTION = "Accepted exceptions";
const MIN_REASON = 20;

/**
 * The rows of the table under `## <section>` of SECURITY.md (header and rule lines left out), as
 * cells, with where each is for error messages. A missing section is an error, not an empty table.
 */
function tableRows(markdown: string, section: string): { cells: string[]; where: string }[] {
  const start = markdown.search(new RegExp(`^## ${section}\\s*$`, "m"));
  if (start < 0) throw new ExceptionsError(`SECURITY.md has no "## ${section}" section`);
  const lines = markdown.slice(start).split("\n").slice(1);
  const end = lines.findIndex((l) => /^## /.test(l));
  const rows = (end < 0 ? lines : lines.slice(0, end)).filter((l) => l.trim().startsWith("|"));
  return rows.slice(2).map((line, i) => ({ cells: cells(line), where: `SECURITY.md ${section.toLowerCase()}, row ${i + 1}` }));
}

function cells(line: string): string[] {
  return line
    .replace(/^\|/, "")
    .replace(/\|\s*$/, "")
    .split("|")
    .map((c) => c.trim());
}

const backticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

function selectors(cell: string, where: string): StackSelector[] {
  return backticked(cell).map((text) => {
    const m = /^(\S+)(?:\s+\(([^)]+)\))?$/.exec(text);
    if (!m) throw new ExceptionsError(`${where}: a stack is a name pattern with an optional (qualifier), not ${text}`);
    if (m[2] !== undefined && !(m[2] in QUALIFIERS))
      throw new ExceptionsError(`${where}: unknown stack qualifier (${m[2]}); known: ${Object.keys(QUALIFIERS).join(", ")}`);
    return { pattern: m[1], qualifier: m[2] };
  });
}

/**
 * The accepted exceptions of SECURITY.md's text. A row naming a check or a resource that never fails
 * is found by the gate (`npm run checkov`: stale or dead rows), which knows what checkov reported.
 */
export function parseExceptions(markdown: string): AcceptedException[] {
  return tableRows(markdown, ACCEPTED_SECTION).map(({ cells: c, where }) => {
    if (c.length !== 4) throw new ExceptionsError(`${where}: expected 4 cells (check | stacks | resources | reason), found ${c.length}`);
    const [id] = backticked(c[0]);
    const exception = { id, stacks: selectors(c[1], where), addresses: backticked(c[2]), reason: c[3] };
    if (!id || exception.stacks.length === 0 || exception.addresses.length === 0)
      throw new ExceptionsError(`${where}: the check, the stacks and the resources are written in backticks`);
    if (exception.reason.length < MIN_REASON) throw new ExceptionsError(`${where}: give the reason for accepting ${id}`);
    return exception;
  });
}

/** Whether the exception names the resource at `address` (by its address or a pattern that matches it). */
export const covers = (e: AcceptedException, address: string) => e.addresses.some((a) => globRegExp(a).test(address));

/** Whether the exception speaks of this stack. */
export const appliesTo = (e: AcceptedException, name: string, stack: StackJson) =>
  e.stacks.some((s) => globRegExp(s.pattern).test(name) && (s.qualifier === undefined || QUALIFIERS[s.qualifier](stack)));

export interface CheckedStack {
  readonly name: string;
  readonly stack: StackJson;
  readonly findings: readonly Finding[];
}

export interface Judged {
  readonly finding: Finding;
  readonly accepted?: AcceptedException;
}

/** An exception whose resource is in the stack but no longer fails the check. */
export interface StaleException {
  readonly id: string;
  readonly address: string;
}

/** Each finding of the stack, accepted or not, and the exceptions that no longer occur there. */
export function judge(checked: CheckedStack, exceptions: readonly AcceptedException[]): { judged: Judged[]; stale: StaleException[] } {
  const applicable = exceptions.filter((e) => appliesTo(e, checked.name, checked.stack));
  const judged = checked.findings.map((finding) => ({
    finding,
    accepted: applicable.find((e) => e.id === finding.id && covers(e, finding.address)),
  }));
  // Each resource of the stack an exception names (a pattern names all it matches) must still fail
  // the check; one the stack does not have (an optional feature that is off) is not stale.
  const addresses = allResources(checked.stack).map((r) => r.address);
  const stale = applicable.flatMap((e) =>
    addresses
      .filter((address) => covers(e, address) && !checked.findings.some((f) => f.id === e.id && f.address === address))
      .map((address) => ({ id: e.id, address })),
  );
  return { judged, stale };
}
