import { GroupKey } from "../network/security-groups";
import { ALL_TRAFFIC, PeerSpec, PortSpec, RuleSpec } from "../network/security-group-rules";

/** A security group rule as the console left it (the fields of EC2's DescribeSecurityGroupRules that matter here). */
export interface ConsoleRule {
  readonly ruleId: string;
  readonly group: GroupKey;
  readonly direction: "ingress" | "egress";
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly cidrIpv4?: string;
  readonly cidrIpv6?: string;
  readonly prefixListId?: string;
  readonly referencedGroupId?: string;
}

/** Everything the matching needs to know of the groups: the console group ids by our key. */
export type GroupIds = Partial<Record<GroupKey, string>>;

export interface RuleMatch {
  /** Rule resources the next deploy imports, by design rule id. */
  readonly imports: { readonly ruleId: string; readonly designId: string; readonly portChanges: boolean }[];
  /** Console rules kept as they are, outside Terraform, with the reason. */
  readonly leftAlone: string[];
  /** Console rules that match none of ours: each an error naming the rule and the fix. */
  readonly unmatched: string[];
}

/** The rule every new group gets from the console, which the walkthrough deletes and Terraform never creates. */
const isDefaultEgress = (r: ConsoleRule) =>
  r.direction === "egress" && r.protocol === "-1" && (r.cidrIpv4 === "0.0.0.0/0" || r.cidrIpv6 === "::/0");

/** The console rule's ports as the design writes them; undefined for a protocol the design never uses. */
function portsOf(r: ConsoleRule): PortSpec | undefined {
  if (r.protocol === "-1") return ALL_TRAFFIC;
  if ((r.protocol === "tcp" || r.protocol === "udp") && r.fromPort !== undefined && r.toPort !== undefined)
    return { protocol: r.protocol, fromPort: r.fromPort, toPort: r.toPort };
  return undefined;
}

const samePorts = (a: PortSpec, b: PortSpec | undefined) =>
  a.protocol === "all" || b?.protocol === "all"
    ? a.protocol === b?.protocol
    : a.fromPort === b?.fromPort && a.toPort === b.toPort && a.protocol === b.protocol;

function peerOf(r: ConsoleRule, groups: GroupIds): PeerSpec | undefined {
  if (r.referencedGroupId) {
    const key = (Object.keys(groups) as GroupKey[]).find((k) => groups[k] === r.referencedGroupId);
    return key ? { group: key } : { externalGroup: r.referencedGroupId };
  }
  if (r.prefixListId) return { prefixList: r.prefixListId };
  if (r.cidrIpv4) return { cidr: r.cidrIpv4 };
  return undefined;
}

const samePeer = (a: PeerSpec, b: PeerSpec) => JSON.stringify(a) === JSON.stringify(b);

/** A rule as a reader sees it in the console: `mlops-hybrid-alb-sg egress all traffic to sg-… (sgr-…)`. */
export function describeRule(r: ConsoleRule, groupName: (key: GroupKey) => string): string {
  const port = r.protocol === "-1" ? "all traffic" : `${r.protocol} ${r.fromPort === r.toPort ? r.fromPort : `${r.fromPort}-${r.toPort}`}`;
  const peer = r.referencedGroupId ?? r.prefixListId ?? r.cidrIpv4 ?? r.cidrIpv6 ?? "?";
  return `${groupName(r.group)} ${r.direction} ${port} ${r.direction === "ingress" ? "from" : "to"} ${peer} (${r.ruleId})`;
}

/**
 * Pairs the console's rules with the design's: a rule of the same group, direction, port and peer
 * is imported as it is; one of the same group, direction and peer on other ports is imported into
 * a design rule of that peer not yet taken and changed in place (the walkthrough's "all traffic"
 * from the ALB to the nodes becomes the ports the ALB needs). The console's default allow-all
 * egress is left alone, outside Terraform; anything else is an error, so that no rule of the
 * account is silently left out of what the project checks.
 */
export function matchRules(
  consoleRules: readonly ConsoleRule[],
  design: readonly RuleSpec[],
  groups: GroupIds,
  groupName: (key: GroupKey) => string,
): RuleMatch {
  const taken = new Set<string>();
  const imports: RuleMatch["imports"][number][] = [];
  const leftAlone: string[] = [];
  const unmatched: string[] = [];
  const candidates = (r: ConsoleRule, peer: PeerSpec) =>
    design.filter((d) => !taken.has(d.id) && d.group === r.group && d.direction === r.direction && samePeer(d.peer, peer));
  const sorted = [...consoleRules].sort((a, b) => (a.ruleId < b.ruleId ? -1 : 1));
  const pending: [ConsoleRule, PeerSpec][] = [];
  for (const rule of sorted) {
    const peer = peerOf(rule, groups);
    const exact = peer && candidates(rule, peer).find((d) => samePorts(d.ports, portsOf(rule)));
    if (exact) {
      taken.add(exact.id);
      imports.push({ ruleId: rule.ruleId, designId: exact.id, portChanges: false });
    } else if (peer) pending.push([rule, peer]);
    else unmatched.push(`${describeRule(rule, groupName)}: a peer this project does not use`);
  }
  // Second pass, after every exact match is taken: only the design's leftover rules may absorb a console rule.
  for (const [rule, peer] of pending) {
    const other = candidates(rule, peer)[0];
    if (other) {
      taken.add(other.id);
      imports.push({ ruleId: rule.ruleId, designId: other.id, portChanges: true });
    } else if (isDefaultEgress(rule)) {
      leftAlone.push(
        `${describeRule(rule, groupName)}: the console's default allow-all egress, which the design does not have; ` +
          `the deploy leaves it in place. Remove it to match the design: aws ec2 revoke-security-group-egress --group-id ${groups[rule.group]} --security-group-rule-ids ${rule.ruleId}`,
      );
    } else if ("externalGroup" in peer && rule.group === "vpcEndpoints") {
      unmatched.push(
        `${describeRule(rule, groupName)}: set endpointsPeerSecurityGroupId to ${peer.externalGroup} to keep it, or delete the rule`,
      );
    } else {
      unmatched.push(
        `${describeRule(rule, groupName)}: the design has no such rule; delete it in the console, or add it to the design (src/network/security-group-rules.ts)`,
      );
    }
  }
  return { imports, leftAlone, unmatched };
}
