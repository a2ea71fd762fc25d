/**
 * Rules another rule already covers: a rule of the same group and direction that opens every
 * protocol and port the first one does, to a peer that includes its peer. A covered rule allows
 * nothing more, so it is a finding, not a failure: the report names both rules, and the design's
 * reason to keep the narrower one (KEPT_OVERLAPS in src/network/security-group-rules.ts), or that
 * it gives none.
 *
 * One peer includes another when it is the same peer; a CIDR holding the other CIDR; a CIDR holding
 * every IPv4 block of this VPC, when the other is a group of this VPC and the VPC has no IPv6 (its
 * members have no other address); or 0.0.0.0/0, when the other is a gateway endpoint's prefix list
 * (AWS's IPv4 list of the service). All of it is read from the synthesized stack: a block added to
 * the VPC outside it is not seen, which is one reason to keep an overlap.
 */
import { cidrContains } from "../config/cidr";
import { KEPT_OVERLAPS } from "../network/security-group-rules";
import { endpointReferredBy, vpcEndpoints } from "../synthesized/endpoints";
import { Peer, RuleToPeer, rulesToPeers, securityGroupRules, trafficCovers } from "../synthesized/security-group-rules";
import { securityGroups } from "../synthesized/security-groups";
import { parseStack, StackJson } from "../synthesized/stack-json";
import { vpcOf } from "../synthesized/vpc";

export interface RedundantRule {
  /** The covered rule, with the peer that is covered (a rule of several peers is judged per peer). */
  readonly rule: RuleToPeer;
  /** A rule that lets through everything `rule` does. */
  readonly coveredBy: RuleToPeer;
  /** Why `coveredBy`'s peer includes `rule`'s. */
  readonly because: string;
  /** The design's reason to keep both; undefined: it gives none. */
  readonly kept?: string;
}

/** The design's name of a rule: the Terraform name of an `aws_vpc_security_group_*_rule`. */
const designId = (rule: RuleToPeer) => /^aws_vpc_security_group_(?:ingress|egress)_rule\.(.+)$/.exec(rule.address)?.[1];

/** Every rule (per peer) another rule of the stack covers, with the covering rule; a pair of identical rules is reported once. */
export function redundantRules(json: string | StackJson): RedundantRule[] {
  const stack = parseStack(json);
  const vpc = vpcOf(stack);
  const groupsOfVpc = new Set(securityGroups(stack).flatMap((g) => (vpc && g.vpc === vpc.address ? [g.address] : [])));
  const endpoints = vpcEndpoints(stack);

  /** Why `outer` includes `inner`, or undefined when it may not. */
  const includes = (outer: Peer, inner: Peer): string | undefined => {
    if (JSON.stringify(outer) === JSON.stringify(inner)) return "the same peer";
    if (outer.kind !== "cidr") return undefined;
    if (inner.kind === "cidr") return cidrContains(outer.cidr, inner.cidr) ? `${outer.cidr} holds ${inner.cidr}` : undefined;
    if (inner.kind === "group") {
      const blocks = vpc && !vpc.ipv6 && groupsOfVpc.has(inner.group) ? vpc.ipv4Blocks : undefined;
      return blocks?.every((b) => cidrContains(outer.cidr, b))
        ? `${outer.cidr} holds every address of ${vpc!.address} (${blocks.join(", ")}), the VPC of ${inner.group}`
        : undefined;
    }
    const gateway = endpointReferredBy(endpoints, inner.prefixList);
    return outer.cidr === "0.0.0.0/0" && gateway?.type === "Gateway"
      ? `0.0.0.0/0 holds every IPv4 address, those of ${gateway.address}'s prefix list too`
      : undefined;
  };
  const covers = (outer: RuleToPeer, inner: RuleToPeer) =>
    outer.group === inner.group && outer.direction === inner.direction && trafficCovers(outer, inner)
      ? includes(outer.peer, inner.peer)
      : undefined;

  const rules = rulesToPeers(securityGroupRules(stack));
  return rules.flatMap((rule, i) =>
    rules.flatMap((other, j): RedundantRule[] => {
      const because = i === j ? undefined : covers(other, rule);
      // Two rules that cover each other are one finding: the later one is the repeat.
      if (!because || (j > i && covers(rule, other))) return [];
      const kept = KEPT_OVERLAPS.find((k) => k.rule === designId(rule) && k.coveredBy === designId(other))?.why;
      return [{ rule, coveredBy: other, because, ...(kept ? { kept } : {}) }];
    }),
  );
}
