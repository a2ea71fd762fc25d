/**
 * The model's view of routing: routes and subnets' tables come from `synthesized/routes` (read once
 * for every consumer); this adds the NAT gateways and the lookup of a table's default route.
 */
import { Route } from "../synthesized/routes";
import { StackJson, parseReference, resourcesOf } from "../synthesized/stack-json";

export interface NatGatewayInfo {
  readonly address: string;
  readonly subnet?: string;
  /** Public NAT with an elastic IP: the only kind that reaches the internet. */
  readonly public: boolean;
}

const addressOf = (value: unknown) => parseReference(value)?.address ?? String(value);

export function natGateways(stack: StackJson): NatGatewayInfo[] {
  return resourcesOf(stack, "aws_nat_gateway").map((n) => ({
    address: n.address,
    subnet: n.body.subnet_id ? addressOf(n.body.subnet_id) : undefined,
    public: n.body.connectivity_type !== "private" && Boolean(n.body.allocation_id),
  }));
}

/** The table's default route (0.0.0.0/0), if it has one. */
export function defaultRoute(routes: readonly Route[], table: string | undefined): Route | undefined {
  return routes.find((r) => r.table === table && r.destination === "0.0.0.0/0");
}
