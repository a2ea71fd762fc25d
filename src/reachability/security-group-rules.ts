/**
 * Every way Terraform can write a security group rule, read into one shape: the
 * `aws_vpc_security_group_{ingress,egress}_rule` resources, the legacy `aws_security_group_rule`,
 * and the inline `ingress` / `egress` blocks of `aws_security_group`. IPv6 peers are left out:
 * the VPC is IPv4 only.
 */
import { ResourceBody, StackJson, parseReference, resourcesOf } from "../synthesized/stack-json";
import { Port, describePort } from "./types";

export type Direction = "ingress" | "egress";

/** The other side of a rule: a group (by `groupKey`), an IPv4 CIDR, or a prefix list (as written). */
export type RulePeer = { readonly group: string } | { readonly cidr: string } | { readonly prefixList: string };

export interface SgRule {
  /** The group the rule belongs to, by `groupKey`. */
  readonly group: string;
  readonly direction: Direction;
  /** "all" (`-1`), "tcp", "udp", "icmp" ... */
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly peer: RulePeer;
  /** Where it is written, e.g. `aws_security_group_rule.x` or `aws_security_group.g ingress[0]`. */
  readonly origin: string;
}

/** How a group is named throughout the model: its resource address, or the literal id of a group outside the stack. */
export function groupKey(value: unknown): string {
  const ref = parseReference(value);
  return ref && ref.attribute === "id" ? ref.address : String(value);
}

const PROTOCOL_NUMBERS: Record<string, string> = { "-1": "all", all: "all", "6": "tcp", "17": "udp", "1": "icmp" };

function protocolOf(value: unknown): string {
  const text = String(value ?? "-1").toLowerCase();
  return PROTOCOL_NUMBERS[text] ?? text;
}

/** The peers of one rule body, whichever form's field names it uses (one rule may list several). */
function peersOf(body: ResourceBody, ownGroup: string): RulePeer[] {
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
  return [
    ...[...list(body.cidr_blocks), ...list(body.cidr_ipv4)].map((cidr) => ({ cidr: String(cidr) })),
    ...[...list(body.prefix_list_ids), ...list(body.prefix_list_id)].map((p) => ({ prefixList: String(p) })),
    ...[...list(body.security_groups), ...list(body.source_security_group_id), ...list(body.referenced_security_group_id)].map((g) => ({ group: groupKey(g) })),
    ...(body.self === true ? [{ group: ownGroup }] : []),
  ];
}

function rulesOf(body: ResourceBody, group: string, direction: Direction, origin: string, protocolField: string): SgRule[] {
  const protocol = protocolOf(body[protocolField]);
  const all = protocol === "all";
  return peersOf(body, group).map((peer) => ({
    group,
    direction,
    protocol,
    fromPort: all ? 0 : Number(body.from_port ?? 0),
    toPort: all ? 65535 : Number(body.to_port ?? body.from_port ?? 65535),
    peer,
    origin,
  }));
}

/** Every IPv4 rule of every group in the stack, in a stable order. */
export function securityGroupRules(stack: StackJson): SgRule[] {
  const directions: Direction[] = ["ingress", "egress"];
  const standalone = directions.flatMap((direction) =>
    resourcesOf(stack, `aws_vpc_security_group_${direction}_rule`).flatMap((r) => rulesOf(r.body, groupKey(r.body.security_group_id), direction, r.address, "ip_protocol")),
  );
  const legacy = resourcesOf(stack, "aws_security_group_rule").flatMap((r) =>
    rulesOf(r.body, groupKey(r.body.security_group_id), r.body.type === "egress" ? "egress" : "ingress", r.address, "protocol"),
  );
  const inline = resourcesOf(stack, "aws_security_group").flatMap((g) =>
    directions.flatMap((direction) =>
      ((g.body[direction] ?? []) as ResourceBody[]).flatMap((block, i) => rulesOf(block, g.address, direction, `${g.address} ${direction}[${i}]`, "protocol")),
    ),
  );
  return [...standalone, ...legacy, ...inline];
}

/** Whether the rule lets `port` through: "all" needs an all-protocols rule; a TCP port a TCP range (or all). */
export function allowsPort(rule: SgRule, port: Port): boolean {
  if (rule.protocol === "all") return true;
  return port !== "all" && rule.protocol === "tcp" && rule.fromPort <= port && port <= rule.toPort;
}

export function describeRulePorts(rule: SgRule): string {
  if (rule.protocol === "all") return describePort("all");
  const ports = rule.fromPort === rule.toPort ? `${rule.fromPort}` : `${rule.fromPort}-${rule.toPort}`;
  return `${rule.protocol.toUpperCase()} ${ports}`;
}
