import { writtenRules } from "../synthesized/security-group-rules";
import { parseReference, StackJson } from "../synthesized/stack-json";

/**
 * One security group rule, whatever form it was written in: `aws_vpc_security_group_ingress_rule` /
 * `_egress_rule`, the legacy `aws_security_group_rule`, or an inline `ingress` / `egress` block of
 * `aws_security_group` or `aws_default_security_group`.
 */
export interface SgRule {
  /** The resource that holds the rule (for an inline block, the security group). */
  readonly address: string;
  /** `ingress[0]` for an inline block, else undefined. */
  readonly block?: string;
  readonly direction: "ingress" | "egress";
  /** The group the rule belongs to, when known (a reference in this stack). */
  readonly group?: string;
  /** `all`, `tcp`, `udp`, `icmp`, … */
  readonly protocol: string;
  /** Inclusive port range; undefined for protocols without ports (ICMP). */
  readonly ports?: readonly [number, number];
  readonly ipv4: readonly string[];
  readonly ipv6: readonly string[];
  readonly description?: string;
}

function ports(protocol: string, from: number | undefined, to: number | undefined): readonly [number, number] | undefined {
  if (protocol === "all") return [0, 65535];
  if (protocol !== "tcp" && protocol !== "udp") return undefined;
  const f = from ?? 0;
  const t = to ?? 65535;
  // 0-0 means every port, as in checkov (and the API rejects a real port 0)
  return f === 0 && t === 0 ? [0, 65535] : [f, t];
}

/** Every security group rule of the stack, in all its forms, one per rule as written. */
export function sgRules(stack: StackJson): SgRule[] {
  return writtenRules(stack).map((r) => ({
    address: r.address,
    block: r.block,
    direction: r.direction,
    group: parseReference(r.groupReference)?.address,
    protocol: r.protocol,
    ports: ports(r.protocol, r.fromPort, r.toPort),
    ipv4: r.ipv4,
    ipv6: r.ipv6,
    description: r.description,
  }));
}

/** Open to the whole internet (IPv4 or IPv6). */
export const fromInternet = (r: SgRule) => r.ipv4.includes("0.0.0.0/0") || r.ipv6.includes("::/0");

/** Whether the rule opens `port` (TCP or UDP, or all protocols). */
export const opensPort = (r: SgRule, port: number) => !!r.ports && r.ports[0] <= port && port <= r.ports[1];

/** Whether the rule opens every port. */
export const opensAllPorts = (r: SgRule) => !!r.ports && r.ports[0] === 0 && r.ports[1] === 65535;

/** How the rule is named in a message (the finding carries the address): the inline block, or "the rule". */
export const where = (r: SgRule) => r.block ?? "the rule";
