/**
 * The model's view of the security group rules (read once, in every form, by
 * `synthesized/security-group-rules`): each rule once per peer. IPv6 peers are left out: the VPC
 * is IPv4 only.
 */
import { RuleToPeer, rulesToPeers, securityGroupRules } from "../synthesized/security-group-rules";
import { StackJson } from "../synthesized/stack-json";
import { describePort } from "./types";

/** Every IPv4 rule of every group in the stack, one per peer, in a stable order. */
export function ipv4RulesToPeers(stack: StackJson): RuleToPeer[] {
  return rulesToPeers(securityGroupRules(stack)).filter((r) => r.peer.kind !== "cidr" || !r.peer.cidr.includes(":"));
}

/** "all traffic", "TCP 443", "TCP 1024-65535", "ICMP": a rule's ports in the model's reasons. */
export function describeRulePorts(rule: Pick<RuleToPeer, "protocol" | "ports">): string {
  if (rule.protocol === "all") return describePort("all");
  const { ports } = rule;
  if (!ports) return rule.protocol.toUpperCase();
  return `${rule.protocol.toUpperCase()} ${ports.from === ports.to ? ports.from : `${ports.from}-${ports.to}`}`;
}
