/**
 * NAT gateways and the elastic IPs of a synthesized stack, for reachability (which NAT reaches the
 * internet), the diagram and cost (each elastic IP is a billed public IPv4 address).
 */
import { labelOf, parseReference, resourceAt, resourcesOf, StackJson } from "./stack-json";

export interface NatGateway {
  readonly address: string;
  readonly label: string;
  /** The subnet it sits in, by address. */
  readonly subnet?: string;
  /** The label of its elastic IP, when the stack defines it. */
  readonly elasticIp?: string;
  /** Public NAT with an elastic IP (`connectivity_type` defaults to public): the only kind that reaches the internet. */
  readonly public: boolean;
}

const addressOf = (value: unknown) => parseReference(value)?.address ?? String(value);

export function natGateways(stack: StackJson): NatGateway[] {
  return resourcesOf(stack, "aws_nat_gateway").map((n) => {
    const eip = resourceAt(stack, parseReference(n.body.allocation_id)?.address ?? "");
    return {
      address: n.address,
      label: labelOf(n),
      subnet: n.body.subnet_id ? addressOf(n.body.subnet_id) : undefined,
      elasticIp: eip && labelOf(eip),
      public: n.body.connectivity_type !== "private" && Boolean(n.body.allocation_id),
    };
  });
}

/** The elastic IPs (`aws_eip`) of the stack, by address. */
export const elasticIps = (stack: StackJson): string[] => resourcesOf(stack, "aws_eip").map((e) => e.address);
