/**
 * The model's view of the security group rules (read once, in every form, by
 * `synthesized/security-group-rules`): each rule once per peer. IPv6 peers are left out: the VPC
 * is IPv4 only.
 */
import { RuleToPeer, rulesToPeers, securityGroupRules } from "../synthesized/security-group-rules";
import { StackJson } from "../synthesized/stack-json";

/** Every IPv4 rule of every group in the stack, one per peer, in a stable order. */
export function ipv4RulesToPeers(stack: StackJson): RuleToPeer[] {
  return rulesToPeers(securityGroupRules(stack)).filter((r) => r.peer.kind !== "cidr" || !r.peer.cidr.includes(":"));
}
