/** How the policy suite looks at a security group rule (read once, by `synthesized/security-group-rules`). */
import { isAnywhere, SecurityGroupRule } from "../synthesized/security-group-rules";

/** The CIDRs a rule names, IPv4 then IPv6. */
export const cidrsOf = (r: SecurityGroupRule) => r.peers.flatMap((p) => (p.kind === "cidr" ? [p.cidr] : []));

/** Open to the whole internet (IPv4 or IPv6). */
export const fromInternet = (r: SecurityGroupRule) => cidrsOf(r).some(isAnywhere);

/** How the rule is named in a message (the finding carries the address): the inline block, or "the rule". */
export const where = (r: SecurityGroupRule) => r.block ?? "the rule";

/** "all traffic", "tcp 22", "tcp 0-65535", "icmp": the ports as the checkov rules speak of them. */
export const portsText = (r: SecurityGroupRule) =>
  r.protocol === "all"
    ? "all traffic"
    : r.ports
      ? `${r.protocol} ${r.ports.from === r.ports.to ? r.ports.from : `${r.ports.from}-${r.ports.to}`}`
      : r.protocol;
