/** The reachability report as text: one line per check, its reason, and the chain when asked. */
import { Check, ReachabilityReport, failures } from "./report";

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
    "Notes:",
    ...report.notes.map((n) => `  - ${n}`),
    "",
    ...summary,
  ].join("\n");
}
