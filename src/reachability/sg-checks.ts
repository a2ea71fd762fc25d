/**
 * One security-group link of the chain: does some rule of `group` let `port` out to (egress) or in
 * from (ingress) the other end? Groups are stateful, so only the opening direction is checked.
 */
import { cidrContains } from "../config/cidr";
import { Direction, Peer, RuleToPeer, allowsTcp, trafficOf } from "../synthesized/security-group-rules";
import { Port, Step, describePort } from "./types";

/** The other end of a flow, as a rule's peer can name it. */
export interface End {
  readonly what: string;
  /** Its security groups (by `groupKey`). */
  readonly groups: readonly string[];
  /** The address ranges it may use: a rule's CIDR must contain all of them. */
  readonly cidrs: readonly string[];
  /** Prefix lists that stand for it (`${aws_vpc_endpoint.s3….prefix_list_id}`). */
  readonly prefixLists: readonly string[];
}

function peerMatches(peer: Peer, end: End): boolean {
  if (peer.kind === "group") return end.groups.includes(peer.group);
  if (peer.kind === "prefix-list") return end.prefixLists.includes(peer.prefixList);
  return end.cidrs.length > 0 && end.cidrs.every((c) => cidrContains(peer.cidr, c));
}

/** A peer as the reasons name it: a group by its address, a prefix list, a CIDR. */
export function describePeer(peer: Peer): string {
  return peer.kind === "group" ? peer.group : peer.kind === "prefix-list" ? `prefix list ${peer.prefixList}` : peer.cidr;
}

/** The security-group step for `group` letting `port` go `direction` with `end`. */
export function securityGroupStep(
  rules: readonly RuleToPeer[],
  group: string | undefined,
  direction: Direction,
  end: End,
  port: Port,
  placeName: string,
): Step {
  const stage = direction === "egress" ? "sg-egress" : "sg-ingress";
  const toFrom = direction === "egress" ? "to" : "from";
  if (!group) return { stage, ok: false, reason: `no security group is known for ${placeName}` };
  const own = rules.filter((r) => r.group === group && r.direction === direction);
  const towardEnd = own.filter((r) => peerMatches(r.peer, end));
  const allowing = towardEnd.find((r) => allowsTcp(r, port));
  if (allowing) {
    return {
      stage,
      ok: true,
      reason: `${allowing.origin} lets ${trafficOf(allowing)} ${direction === "egress" ? "out" : "in"} ${toFrom} ${describePeer(allowing.peer)}`,
    };
  }
  const allowed = [...towardEnd]
    .sort((a, b) => (a.ports?.from ?? -1) - (b.ports?.from ?? -1) || (a.ports?.to ?? -1) - (b.ports?.to ?? -1))
    .map(trafficOf);
  const only = towardEnd.length > 0 ? `; ${toFrom} ${end.what} it allows only ${[...new Set(allowed)].join(", ")}` : "";
  return { stage, ok: false, reason: `no ${direction} rule of ${group} allows ${describePort(port)} ${toFrom} ${end.what}${only}` };
}
