/**
 * Every security group rule of a synthesized stack, whichever of Terraform's three ways wrote it:
 * `aws_vpc_security_group_{ingress,egress}_rule` (one peer each), the legacy `aws_security_group_rule`
 * and inline `ingress` / `egress` blocks of `aws_security_group` / `aws_default_security_group` (both
 * with lists of peers). This is the one reading: the reachability model, verify and the diagram all
 * take `SecurityGroupRule`s from here, so a rule means the same to each of them.
 *
 * What a rule opens follows the EC2 API (AuthorizeSecurityGroupIngress), not what its author meant:
 * - protocol `-1` (Terraform also takes `all`, in any case, or the number -1) is every protocol and
 *   every port, whatever ports are written;
 * - TCP and UDP (`tcp`, `6`, `udp`, `17`) open the range as written, so TCP 0-0 is port 0 only (a
 *   common mistake for "all ports": terraform-provider-aws#27525); when neither port is written the
 *   range is every port, when one is, that port;
 * - ICMP's `from_port` / `to_port` are a type and a code, not ports: `ports` is undefined;
 * - any other protocol number (GRE, ESP, ...) has no ports either: all of its traffic is allowed.
 */
import { asList, parseReference, reference, resourcesOf, ResourceBody, StackJson } from "./stack-json";

export type Direction = "ingress" | "egress";

/** Who is on the other side of a rule. */
export type Peer =
  | { readonly kind: "cidr"; readonly cidr: string }
  | { readonly kind: "group"; readonly group: string }
  | { readonly kind: "prefix-list"; readonly prefixList: string };

/** An inclusive port range. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

export const ALL_PORTS: PortRange = { from: 0, to: 65535 };

/** One rule as written, with every peer it lists. */
export interface SecurityGroupRule {
  /** The rule resource; for an inline block, the security group that holds it. */
  readonly address: string;
  /** `ingress[0]` for an inline block, else undefined. */
  readonly block?: string;
  /** Where it is written, for messages: `aws_security_group_rule.x` or `aws_security_group.g ingress[0]`. */
  readonly origin: string;
  /** The group the rule belongs to, by `groupKey`. */
  readonly group: string;
  readonly direction: Direction;
  /** `all`, `tcp`, `udp`, `icmp`, `icmpv6`, or another protocol as written (lower case). */
  readonly protocol: string;
  /** The ports it opens (see the module comment); undefined for protocols without ports. */
  readonly ports?: PortRange;
  /** `from_port` / `to_port` as written (for ICMP, the type and code). */
  readonly fromPort?: number;
  readonly toPort?: number;
  /** CIDRs (IPv4 then IPv6), prefix lists, groups, then the group itself for `self`; may be empty. */
  readonly peers: readonly Peer[];
  readonly description?: string;
}

/** A rule with one of its peers: the view of code that follows traffic to one peer at a time. */
export type RuleToPeer = Omit<SecurityGroupRule, "peers"> & { readonly peer: Peer };

const PROTOCOLS: Record<string, string> = { "-1": "all", all: "all", "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6" };

/** How a group is named throughout: its resource address, or the value as written (a literal id, an expression). */
export function groupKey(value: unknown): string {
  const ref = parseReference(value);
  return ref && ref.attribute === "id" ? ref.address : String(value);
}

/** `all`, `tcp`, ... from any spelling Terraform accepts (`-1`, `ALL`, `6`, -1). */
export function protocolOf(value: unknown): string {
  const raw = String(value ?? "-1").toLowerCase();
  return PROTOCOLS[raw] ?? raw;
}

/** The ports a rule of `protocol` with these written ports opens (see the module comment). */
export function portsOf(protocol: string, from: number | undefined, to: number | undefined): PortRange | undefined {
  if (protocol === "all") return ALL_PORTS;
  if (protocol !== "tcp" && protocol !== "udp") return undefined;
  if (from === undefined && to === undefined) return ALL_PORTS;
  return { from: from ?? to!, to: to ?? from! };
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
): SecurityGroupRule {
  const group = groupKey(groupReference);
  const protocol = protocolOf(body[protocolField]);
  const fromPort = port(body.from_port);
  const toPort = port(body.to_port);
  const peers: Peer[] = [
    ...[...strings(body.cidr_ipv4), ...strings(body.cidr_blocks), ...strings(body.cidr_ipv6), ...strings(body.ipv6_cidr_blocks)].map(
      (cidr): Peer => ({ kind: "cidr", cidr }),
    ),
    ...[...strings(body.prefix_list_id), ...strings(body.prefix_list_ids)].map((prefixList): Peer => ({ kind: "prefix-list", prefixList })),
    ...[...asList(body.referenced_security_group_id), ...asList(body.security_groups), ...asList(body.source_security_group_id)].map(
      (g): Peer => ({ kind: "group", group: groupKey(g) }),
    ),
    ...(body.self === true ? [{ kind: "group", group } as const] : []),
  ];
  return {
    address,
    block,
    origin: block ? `${address} ${block}` : address,
    group,
    direction,
    protocol,
    ports: portsOf(protocol, fromPort, toPort),
    fromPort,
    toPort,
    peers,
    description: typeof body.description === "string" && body.description ? body.description : undefined,
  };
}

/** Every rule of the stack as written, in a stable order (by form, then address). */
export function securityGroupRules(stack: StackJson): SecurityGroupRule[] {
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

/** Each rule once per peer, in the rules' order (a rule that names no peer allows nothing and drops out). */
export function rulesToPeers(rules: readonly SecurityGroupRule[]): RuleToPeer[] {
  return rules.flatMap(({ peers, ...rule }) => peers.map((peer) => ({ ...rule, peer })));
}

/** Whether a CIDR is the whole internet. */
export const isAnywhere = (cidr: string) => cidr === "0.0.0.0/0" || cidr === "::/0";

/** Whether the rule lets TCP `port` through (`"all"`: every protocol and port, which only an all-protocols rule does). */
export function allowsTcp(rule: Pick<SecurityGroupRule, "protocol" | "ports">, port: number | "all"): boolean {
  if (rule.protocol === "all") return true;
  return port !== "all" && rule.protocol === "tcp" && !!rule.ports && rule.ports.from <= port && port <= rule.ports.to;
}

/**
 * Whether `outer` lets through every packet `inner` does, peers apart: all traffic covers anything;
 * otherwise the same protocol, with `inner`'s ports inside `outer`'s (for ICMP, the type and code,
 * -1 meaning any).
 */
export function trafficCovers(
  outer: Pick<SecurityGroupRule, "protocol" | "ports" | "fromPort" | "toPort">,
  inner: Pick<SecurityGroupRule, "protocol" | "ports" | "fromPort" | "toPort">,
): boolean {
  if (outer.protocol === "all") return true;
  if (outer.protocol !== inner.protocol) return false;
  if (outer.ports && inner.ports) return outer.ports.from <= inner.ports.from && inner.ports.to <= outer.ports.to;
  if (outer.protocol !== "icmp" && outer.protocol !== "icmpv6") return true;
  const any = (value: number | undefined) => value === undefined || value === -1;
  return any(outer.fromPort) || (outer.fromPort === inner.fromPort && (any(outer.toPort) || outer.toPort === inner.toPort));
}

const opensAllPorts = (rule: Pick<SecurityGroupRule, "ports">) =>
  !!rule.ports && rule.ports.from === ALL_PORTS.from && rule.ports.to === ALL_PORTS.to;

/** "all traffic", "TCP 443", "TCP all ports", "TCP 1024–65535", "ICMP", "GRE" — the one wording of what a rule opens. */
export function trafficOf(rule: Pick<SecurityGroupRule, "protocol" | "ports">): string {
  if (rule.protocol === "all") return "all traffic";
  const protocol = rule.protocol.toUpperCase();
  if (!rule.ports) return protocol;
  if (opensAllPorts(rule)) return `${protocol} all ports`;
  return rule.ports.from === rule.ports.to ? `${protocol} ${rule.ports.from}` : `${protocol} ${rule.ports.from}–${rule.ports.to}`;
}
