/**
 * The model's view of the security group rules (read in every form by `writtenRules`): one rule
 * per peer, with an inclusive port range. IPv6 peers are left out: the VPC is IPv4 only.
 */
import { writtenRules } from "../synthesized/security-group-rules";
import { StackJson, parseReference } from "../synthesized/stack-json";
import { Port, describePort } from "./types";

import type { Direction } from "../synthesized/security-group-rules";
export type { Direction };

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

/** Every IPv4 rule of every group in the stack, one per peer, in a stable order. */
export function securityGroupRules(stack: StackJson): SgRule[] {
  return writtenRules(stack).flatMap((r) => {
    const group = groupKey(r.groupReference);
    const all = r.protocol === "all";
    const peers: RulePeer[] = [
      ...r.ipv4.map((cidr) => ({ cidr })),
      ...r.prefixLists.map((prefixList) => ({ prefixList })),
      ...r.groups.map((g) => ({ group: groupKey(g) })),
      ...(r.self ? [{ group }] : []),
    ];
    return peers.map((peer) => ({
      group,
      direction: r.direction,
      protocol: r.protocol,
      fromPort: all ? 0 : (r.fromPort ?? 0),
      toPort: all ? 65535 : (r.toPort ?? r.fromPort ?? 65535),
      peer,
      origin: r.block ? `${r.address} ${r.block}` : r.address,
    }));
  });
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
