/**
 * Every security group rule of a synthesized stack, whichever of Terraform's three ways wrote it:
 * `aws_vpc_security_group_{ingress,egress}_rule` (one peer each), the legacy `aws_security_group_rule`
 * and inline `ingress` / `egress` blocks of `aws_security_group` (both with lists of peers), as one
 * rule per peer.
 */
import { asList as list, parseReference, resourcesOf, ResourceBody, StackJson } from "./stack-json";

export type Direction = "ingress" | "egress";

/** Who is on the other side of a rule. */
export type Peer =
  | { readonly kind: "cidr"; readonly cidr: string }
  | { readonly kind: "group"; readonly group: string }
  | { readonly kind: "prefix-list"; readonly prefixList: string }
  | { readonly kind: "other"; readonly value: string };

export interface SecurityGroupRule {
  /** Address of the rule resource; inline blocks are `<group address>.<direction>[i]`. */
  readonly address: string;
  /** Address of the group the rule belongs to (or the raw value when it is not in the stack). */
  readonly group: string;
  readonly direction: Direction;
  /** As Terraform has it: "-1" for all, "tcp", "udp", "icmp", or a number. */
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly peer: Peer;
  readonly description?: string;
}

/** The group a `${aws_security_group.x.id}` points at, as its address; other values unchanged. */
function groupOf(value: unknown): string {
  const ref = parseReference(value);
  return ref && /security_group$/.test(ref.type) ? ref.address : String(value);
}

/** The peers of a legacy or inline rule, whose blocks hold lists of CIDRs, groups and prefix lists. */
function listedPeers(body: ResourceBody, group: string): Peer[] {
  return [
    ...list(body.cidr_blocks).map((cidr): Peer => ({ kind: "cidr", cidr: String(cidr) })),
    ...list(body.ipv6_cidr_blocks).map((cidr): Peer => ({ kind: "cidr", cidr: String(cidr) })),
    ...list(body.prefix_list_ids).map((p): Peer => ({ kind: "prefix-list", prefixList: String(p) })),
    ...list(body.security_groups).map((g): Peer => ({ kind: "group", group: groupOf(g) })),
    ...list(body.source_security_group_id).map((g): Peer => ({ kind: "group", group: groupOf(g) })),
    ...(body.self === true ? [{ kind: "group", group } as Peer] : []),
  ];
}

/** The one peer of an `aws_vpc_security_group_*_rule`. */
function singlePeer(body: ResourceBody): Peer {
  if (body.referenced_security_group_id !== undefined) return { kind: "group", group: groupOf(body.referenced_security_group_id) };
  if (body.prefix_list_id !== undefined) return { kind: "prefix-list", prefixList: String(body.prefix_list_id) };
  const cidr = body.cidr_ipv4 ?? body.cidr_ipv6;
  return cidr !== undefined ? { kind: "cidr", cidr: String(cidr) } : { kind: "other", value: "(no peer)" };
}

const port = (value: unknown) => (value === undefined || value === null ? undefined : Number(value));

function rule(address: string, group: string, direction: Direction, body: ResourceBody, protocol: unknown, peer: Peer): SecurityGroupRule {
  return {
    address,
    group,
    direction,
    protocol: String(protocol ?? "-1").toLowerCase(),
    fromPort: port(body.from_port),
    toPort: port(body.to_port),
    peer,
    description: body.description || undefined,
  };
}

/** Every rule of the stack, one per peer, in a stable order (by form, then address). */
export function securityGroupRules(stack: StackJson): SecurityGroupRule[] {
  const rules: SecurityGroupRule[] = [];
  for (const direction of ["ingress", "egress"] as const) {
    for (const r of resourcesOf(stack, `aws_vpc_security_group_${direction}_rule`)) {
      rules.push(rule(r.address, groupOf(r.body.security_group_id), direction, r.body, r.body.ip_protocol, singlePeer(r.body)));
    }
  }
  for (const r of resourcesOf(stack, "aws_security_group_rule")) {
    const group = groupOf(r.body.security_group_id);
    for (const peer of listedPeers(r.body, group)) rules.push(rule(r.address, group, r.body.type as Direction, r.body, r.body.protocol, peer));
  }
  for (const type of ["aws_security_group", "aws_default_security_group"]) {
    for (const g of resourcesOf(stack, type)) {
      for (const direction of ["ingress", "egress"] as const) {
        list(g.body[direction]).forEach((block, i) => {
          const body = block as ResourceBody;
          for (const peer of listedPeers(body, g.address)) rules.push(rule(`${g.address}.${direction}[${i}]`, g.address, direction, body, body.protocol, peer));
        });
      }
    }
  }
  return rules;
}

/** Whether a CIDR is the whole internet. */
export const isAnywhere = (cidr: string) => cidr === "0.0.0.0/0" || cidr === "::/0";

/** "all traffic", "TCP 443", "TCP 1024-65535", "ICMP". */
export function trafficOf(rule: Pick<SecurityGroupRule, "protocol" | "fromPort" | "toPort">): string {
  const names: Record<string, string> = { "-1": "all traffic", all: "all traffic", "6": "TCP", "17": "UDP", "1": "ICMP" };
  const protocol = names[rule.protocol] ?? rule.protocol.toUpperCase();
  if (protocol === "all traffic" || rule.fromPort === undefined || protocol === "ICMP") return protocol;
  if (rule.fromPort === 0 && rule.toPort === 65535) return `${protocol} all ports`;
  return rule.toPort === undefined || rule.toPort === rule.fromPort ? `${protocol} ${rule.fromPort}` : `${protocol} ${rule.fromPort}–${rule.toPort}`;
}
