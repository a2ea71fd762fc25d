/**
 * Every security group rule of a synthesized stack, whichever of Terraform's three ways wrote it:
 * `aws_vpc_security_group_{ingress,egress}_rule` (one peer each), the legacy `aws_security_group_rule`
 * and inline `ingress` / `egress` blocks of `aws_security_group` (both with lists of peers).
 * `writtenRules` reads the three forms into one shape; the diagram, the reachability model and the
 * policy suite each build their own view on it.
 */
import { asList, parseReference, reference, resourcesOf, ResourceBody, StackJson } from "./stack-json";

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
  /** "all", "tcp", "udp", "icmp", "icmpv6", or another protocol as written. */
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly peer: Peer;
  readonly description?: string;
}

const PROTOCOLS: Record<string, string> = { "-1": "all", all: "all", "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6" };

/** One rule as written, with every peer it lists. */
export interface WrittenRule {
  /** The rule resource; for an inline block, the security group that holds it. */
  readonly address: string;
  /** `ingress[0]` for an inline block, else undefined. */
  readonly block?: string;
  /** The owning group as a reference, `${aws_security_group.x.id}` (or a literal id). */
  readonly groupReference: unknown;
  readonly direction: Direction;
  /** `all`, `tcp`, `udp`, `icmp`, `icmpv6`, or another protocol as written (lower case). */
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly ipv4: readonly string[];
  readonly ipv6: readonly string[];
  readonly prefixLists: readonly string[];
  /** Other groups, as references or literal ids. */
  readonly groups: readonly unknown[];
  /** The rule names its own group as the peer. */
  readonly self: boolean;
  readonly description?: string;
}

const strings = (value: unknown) => asList(value).map(String);
const port = (value: unknown) => (value === undefined || value === null ? undefined : Number(value));

function written(
  address: string,
  groupReference: unknown,
  direction: Direction,
  body: ResourceBody,
  protocolField: string,
  block?: string,
): WrittenRule {
  const raw = String(body[protocolField] ?? "-1").toLowerCase();
  return {
    address,
    block,
    groupReference,
    direction,
    protocol: PROTOCOLS[raw] ?? raw,
    fromPort: port(body.from_port),
    toPort: port(body.to_port),
    ipv4: [...strings(body.cidr_ipv4), ...strings(body.cidr_blocks)],
    ipv6: [...strings(body.cidr_ipv6), ...strings(body.ipv6_cidr_blocks)],
    prefixLists: [...strings(body.prefix_list_id), ...strings(body.prefix_list_ids)],
    groups: [...asList(body.referenced_security_group_id), ...asList(body.security_groups), ...asList(body.source_security_group_id)],
    self: body.self === true,
    description: typeof body.description === "string" && body.description ? body.description : undefined,
  };
}

/** Every rule of the stack as written, in a stable order (by form, then address). */
export function writtenRules(stack: StackJson): WrittenRule[] {
  const directions = ["ingress", "egress"] as const;
  const standalone = directions.flatMap((direction) =>
    resourcesOf(stack, `aws_vpc_security_group_${direction}_rule`).map((r) =>
      written(r.address, r.body.security_group_id, direction, r.body, "ip_protocol"),
    ),
  );
  // Terraform accepts only these two types; anything else fails its validation.
  const legacy = resourcesOf(stack, "aws_security_group_rule")
    .filter((r) => r.body.type === "ingress" || r.body.type === "egress")
    .map((r) => written(r.address, r.body.security_group_id, r.body.type as Direction, r.body, "protocol"));
  const inline = ["aws_security_group", "aws_default_security_group"].flatMap((type) =>
    resourcesOf(stack, type).flatMap((g) =>
      directions.flatMap((direction) =>
        asList(g.body[direction]).map((block, i) =>
          written(g.address, reference(g.address), direction, block as ResourceBody, "protocol", `${direction}[${i}]`),
        ),
      ),
    ),
  );
  return [...standalone, ...legacy, ...inline];
}

/** The group a `${aws_security_group.x.id}` points at, as its address; other values unchanged. */
function groupOf(value: unknown): string {
  const ref = parseReference(value);
  return ref && /security_group$/.test(ref.type) ? ref.address : String(value);
}

/** The peers of a rule, in the order: CIDRs, prefix lists, groups, itself; "(no peer)" when it names none. */
function peersOf(rule: WrittenRule, group: string): Peer[] {
  const peers: Peer[] = [
    ...[...rule.ipv4, ...rule.ipv6].map((cidr): Peer => ({ kind: "cidr", cidr })),
    ...rule.prefixLists.map((prefixList): Peer => ({ kind: "prefix-list", prefixList })),
    ...rule.groups.map((g): Peer => ({ kind: "group", group: groupOf(g) })),
    ...(rule.self ? [{ kind: "group", group } as Peer] : []),
  ];
  return peers.length > 0 ? peers : [{ kind: "other", value: "(no peer)" }];
}

/** Every rule of the stack, one per peer, in a stable order (by form, then address). */
export function securityGroupRules(stack: StackJson): SecurityGroupRule[] {
  return writtenRules(stack).flatMap((r) => {
    const group = groupOf(r.groupReference);
    return peersOf(r, group).map((peer) => ({
      address: r.block ? `${r.address}.${r.block}` : r.address,
      group,
      direction: r.direction,
      protocol: r.protocol,
      fromPort: r.fromPort,
      toPort: r.toPort,
      peer,
      description: r.description,
    }));
  });
}

/** Whether a CIDR is the whole internet. */
export const isAnywhere = (cidr: string) => cidr === "0.0.0.0/0" || cidr === "::/0";

/** "all traffic", "TCP 443", "TCP 1024-65535", "ICMP". */
export function trafficOf(rule: Pick<SecurityGroupRule, "protocol" | "fromPort" | "toPort">): string {
  const protocol = rule.protocol === "all" ? "all traffic" : rule.protocol.toUpperCase();
  if (protocol === "all traffic" || rule.fromPort === undefined || protocol === "ICMP") return protocol;
  if (rule.fromPort === 0 && rule.toPort === 65535) return `${protocol} all ports`;
  return rule.toPort === undefined || rule.toPort === rule.fromPort
    ? `${protocol} ${rule.fromPort}`
    : `${protocol} ${rule.fromPort}–${rule.toPort}`;
}
