/**
 * The model's view of routing: routes (read in every form by `writtenRoutes`) with their target
 * kind, the subnets' `aws_route_table_association`s, and NAT gateways.
 */
import { writtenRoutes } from "../synthesized/routes";
import { ResourceBody, StackJson, parseReference, resourcesOf } from "../synthesized/stack-json";

export interface RouteTarget {
  /** An internet gateway, a NAT gateway, or anything else (peering, transit gateway, ENI ...). */
  readonly kind: "igw" | "nat" | "other";
  /** The target's resource address, or its literal id. */
  readonly id: string;
}

export interface RouteEntry {
  readonly table: string;
  readonly destination: string;
  readonly target: RouteTarget;
  readonly origin: string;
}

export interface NatGateway {
  readonly address: string;
  readonly subnet?: string;
  /** Public NAT with an elastic IP: the only kind that reaches the internet. */
  readonly public: boolean;
}

const addressOf = (value: unknown) => parseReference(value)?.address ?? String(value);

const OTHER_TARGETS = [
  "transit_gateway_id",
  "vpc_peering_connection_id",
  "network_interface_id",
  "egress_only_gateway_id",
  "vpc_endpoint_id",
  "carrier_gateway_id",
  "local_gateway_id",
  "core_network_arn",
];

function targetOf(body: ResourceBody): RouteTarget {
  if (body.nat_gateway_id) return { kind: "nat", id: addressOf(body.nat_gateway_id) };
  if (body.gateway_id) {
    const id = addressOf(body.gateway_id);
    // gateway_id also takes virtual private gateways and "local"; only an IGW reaches the internet.
    return { kind: id.startsWith("aws_internet_gateway.") || /^igw-/.test(id) ? "igw" : "other", id };
  }
  const other = OTHER_TARGETS.find((k) => body[k]);
  return { kind: "other", id: other ? addressOf(body[other]) : "unknown target" };
}

export function routeEntries(stack: StackJson): RouteEntry[] {
  return writtenRoutes(stack).map((r) => ({
    table: addressOf(r.tableReference),
    destination: r.destination,
    target: targetOf(r.body),
    origin: r.block ? `${r.address} ${r.block}` : r.address,
  }));
}

/** Route table of each associated subnet, by subnet address. */
export function routeTableAssociations(stack: StackJson): Map<string, string> {
  return new Map(
    resourcesOf(stack, "aws_route_table_association")
      .filter((a) => a.body.subnet_id)
      .map((a) => [addressOf(a.body.subnet_id), addressOf(a.body.route_table_id)]),
  );
}

export function natGateways(stack: StackJson): NatGateway[] {
  return resourcesOf(stack, "aws_nat_gateway").map((n) => ({
    address: n.address,
    subnet: n.body.subnet_id ? addressOf(n.body.subnet_id) : undefined,
    public: n.body.connectivity_type !== "private" && Boolean(n.body.allocation_id),
  }));
}

/** The table's default route (0.0.0.0/0), if it has one. */
export function defaultRoute(routes: readonly RouteEntry[], table: string | undefined): RouteEntry | undefined {
  return routes.find((r) => r.table === table && r.destination === "0.0.0.0/0");
}
