/** The reachability report as text: one line per check, its reason, and the chain when asked. */
import { RuleToPeer, trafficOf } from "../synthesized/security-group-rules";
import { RedundantRule } from "./redundant-rules";
import { Check, ReachabilityReport, failures } from "./report";
import { describePeer } from "./sg-checks";

export interface FormatOptions {
  /** Heading, e.g. the environment and stack names. */
  readonly title: string;
  /** Print every step of every check, not just the reason. @default false */
  readonly verbose?: boolean;
}

const mark = (ok: boolean) => (ok ? "✓" : "✗");

function formatCheck(check: Check, verbose: boolean): string[] {
  const expectation = check.expect === "blocked" ? " (must be blocked)" : "";
  const chain = verbose || !check.ok ? check.steps.map((s) => `      ${mark(s.ok)} ${s.stage}: ${s.reason}`) : [];
  return [
    `  ${mark(check.ok)} ${check.name}${expectation}: ${check.why}`,
    `      ${check.reason}`,
    `      source: ${check.source}`,
    ...chain,
  ];
}

/** A rule with the one peer it is judged for: `aws_…_rule.x (TCP 443 from 10.0.0.0/16)`. */
function describeRule(rule: RuleToPeer): string {
  return `${rule.origin} (${trafficOf(rule)} ${rule.direction === "ingress" ? "from" : "to"} ${describePeer(rule.peer)})`;
}

function formatRedundant(r: RedundantRule): string[] {
  return [
    `  - ${describeRule(r.rule)}`,
    `      is covered by ${describeRule(r.coveredBy)}: ${r.because}`,
    r.kept
      ? `      kept: ${r.kept}`
      : "      no reason is given to keep both: remove the narrower rule, or say why it stays in KEPT_OVERLAPS (src/network/security-group-rules.ts)",
  ];
}

export function formatReachabilityReport(report: ReachabilityReport, options: FormatOptions): string {
  const failed = failures(report);
  const total = report.sections.reduce((n, s) => n + s.checks.length, 0);
  const summary = failed.length
    ? [`${failed.length} of ${total} requirements fail:`, ...failed.map((c) => `  - ${c.name}: ${c.reason}`)]
    : [`All ${total} requirements hold.`];
  return [
    options.title,
    `Cluster features: ${report.features.join(", ") || "none"}`,
    `Internet egress of the private subnets: ${report.egress}`,
    ...report.sections.flatMap((s) => [
      "",
      s.title,
      ...(s.skipped ? [`  (not checked: ${s.skipped})`] : []),
      ...s.checks.flatMap((c) => formatCheck(c, options.verbose ?? false)),
    ]),
    "",
    "Rules another rule covers (they allow nothing more):",
    ...(report.redundantRules.length ? report.redundantRules.flatMap(formatRedundant) : ["  none"]),
    "",
    "Notes:",
    ...report.notes.map((n) => `  - ${n}`),
    "",
    ...summary,
  ].join("\n");
}
