/**
 * One security-group link of the chain: does some rule of `group` let `port` out to (egress) or in
 * from (ingress) the other end? Groups are stateful, so only the opening direction is checked.
 */
import { contains, parseCidr } from "../config/cidr";
import { RulePeer, SgRule, allowsPort, describeRulePorts, Direction } from "./security-group-rules";
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

function cidrCovers(outer: string, inner: string): boolean {
  const o = parseCidr(outer);
  const i = parseCidr(inner);
  return typeof o !== "string" && typeof i !== "string" && contains(o, i);
}

function peerMatches(peer: RulePeer, end: End): boolean {
  if ("group" in peer) return end.groups.includes(peer.group);
  if ("prefixList" in peer) return end.prefixLists.includes(peer.prefixList);
  return end.cidrs.length > 0 && end.cidrs.every((c) => cidrCovers(peer.cidr, c));
}

function describePeer(peer: RulePeer): string {
  return "group" in peer ? peer.group : "prefixList" in peer ? `prefix list ${peer.prefixList}` : peer.cidr;
}

/** The security-group step for `group` letting `port` go `direction` with `end`. */
export function securityGroupStep(
  rules: readonly SgRule[],
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
  const allowing = towardEnd.find((r) => allowsPort(r, port));
  if (allowing) {
    return {
      stage,
      ok: true,
      reason: `${allowing.origin} lets ${describeRulePorts(allowing)} ${direction === "egress" ? "out" : "in"} ${toFrom} ${describePeer(allowing.peer)}`,
    };
  }
  const allowed = [...towardEnd].sort((a, b) => a.fromPort - b.fromPort || a.toPort - b.toPort).map(describeRulePorts);
  const only = towardEnd.length > 0 ? `; ${toFrom} ${end.what} it allows only ${[...new Set(allowed)].join(", ")}` : "";
  return { stage, ok: false, reason: `no ${direction} rule of ${group} allows ${describePort(port)} ${toFrom} ${end.what}${only}` };
}
