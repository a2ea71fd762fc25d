import { blockList, parseReference, resourcesOf, ResourceBody, StackJson } from "../synthesized/stack-json";

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

const PROTOCOLS: Record<string, string> = { "-1": "all", all: "all", "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6" };

const list = (v: unknown): string[] => (v === undefined || v === null ? [] : (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === "string"));

function ports(protocol: string, from: unknown, to: unknown): readonly [number, number] | undefined {
  if (protocol === "all") return [0, 65535];
  if (protocol !== "tcp" && protocol !== "udp") return undefined;
  const f = Number(from ?? 0);
  const t = Number(to ?? 65535);
  // 0-0 means every port, as in checkov (and the API rejects a real port 0)
  return f === 0 && t === 0 ? [0, 65535] : [f, t];
}

function rule(address: string, direction: "ingress" | "egress", body: ResourceBody, fields: { protocol: string; ipv4: string; ipv6: string }, extra: Partial<SgRule>): SgRule {
  const raw = String(body[fields.protocol] ?? "all").toLowerCase();
  const protocol = PROTOCOLS[raw] ?? raw;
  return {
    address,
    direction,
    protocol,
    ports: ports(protocol, body.from_port, body.to_port),
    ipv4: list(body[fields.ipv4]),
    ipv6: list(body[fields.ipv6]),
    description: typeof body.description === "string" && body.description ? body.description : undefined,
    ...extra,
  };
}

const groupOf = (value: unknown) => parseReference(value)?.address;
const RULE_FIELDS = { protocol: "ip_protocol", ipv4: "cidr_ipv4", ipv6: "cidr_ipv6" };
const LEGACY_FIELDS = { protocol: "protocol", ipv4: "cidr_blocks", ipv6: "ipv6_cidr_blocks" };

/** Every security group rule of the stack, in all its forms. */
export function sgRules(stack: StackJson): SgRule[] {
  const direct = (["ingress", "egress"] as const).flatMap((direction) =>
    resourcesOf(stack, `aws_vpc_security_group_${direction}_rule`).map((r) => rule(r.address, direction, r.body, RULE_FIELDS, { group: groupOf(r.body.security_group_id) })),
  );
  const legacy = resourcesOf(stack, "aws_security_group_rule")
    .filter((r) => r.body.type === "ingress" || r.body.type === "egress")
    .map((r) => rule(r.address, r.body.type, r.body, LEGACY_FIELDS, { group: groupOf(r.body.security_group_id) }));
  const inline = ["aws_security_group", "aws_default_security_group"].flatMap((type) =>
    resourcesOf(stack, type).flatMap((g) =>
      (["ingress", "egress"] as const).flatMap((direction) =>
        blockList(g.body[direction]).map((b, i) => rule(g.address, direction, b, LEGACY_FIELDS, { group: g.address, block: `${direction}[${i}]` })),
      ),
    ),
  );
  return [...direct, ...legacy, ...inline];
}

/** Open to the whole internet (IPv4 or IPv6). */
export const fromInternet = (r: SgRule) => r.ipv4.includes("0.0.0.0/0") || r.ipv6.includes("::/0");

/** Whether the rule opens `port` (TCP or UDP, or all protocols). */
export const opensPort = (r: SgRule, port: number) => !!r.ports && r.ports[0] <= port && port <= r.ports[1];

/** Whether the rule opens every port. */
export const opensAllPorts = (r: SgRule) => !!r.ports && r.ports[0] === 0 && r.ports[1] === 65535;

/** How the rule is named in a message (the finding carries the address): the inline block, or "the rule". */
export const where = (r: SgRule) => r.block ?? "the rule";
