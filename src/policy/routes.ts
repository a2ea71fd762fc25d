import { writtenRoutes } from "../synthesized/routes";
import { parseReference, refersTo, resourcesOf, ResourceBody, StackJson } from "../synthesized/stack-json";

/** Where a route sends its traffic. */
export type RouteTarget = "internet-gateway" | "nat-gateway" | "egress-only-gateway" | "instance" | "peering" | "other";

/** One route, as `aws_route` or an inline `route` block of a route table. */
export interface RouteEntry {
  /** The resource that holds the route. */
  readonly address: string;
  /** The route table it belongs to (an address, or `main:<vpc address>` for a VPC's main table). */
  readonly table?: string;
  readonly destination: string;
  readonly target: RouteTarget;
}

/** Target attributes, checked in this order; `gateway_id` is an internet gateway unless it refers to something else. */
const TARGETS: readonly [string, RouteTarget][] = [
  ["nat_gateway_id", "nat-gateway"],
  ["egress_only_gateway_id", "egress-only-gateway"],
  ["instance_id", "instance"],
  ["vpc_peering_connection_id", "peering"],
  ["gateway_id", "internet-gateway"],
];

function target(body: ResourceBody): RouteTarget {
  for (const [attribute, kind] of TARGETS) {
    const value = body[attribute];
    if (typeof value !== "string" || !value) continue;
    if (attribute === "gateway_id") {
      const type = parseReference(value)?.type;
      return type === undefined || type === "aws_internet_gateway" || value.startsWith("igw-") ? "internet-gateway" : "other";
    }
    return kind;
  }
  return "other";
}

/** The key of a route table reference: its address, or `main:<vpc>` for `aws_vpc.x.default_route_table_id`. */
function tableKey(value: unknown): string | undefined {
  const ref = parseReference(value);
  if (!ref) return undefined;
  return ref.type === "aws_vpc" ? `main:${ref.address}` : ref.address;
}

/** Every route of the stack. */
export function routeEntries(stack: StackJson): RouteEntry[] {
  return writtenRoutes(stack).map((r) => ({
    address: r.address,
    table: tableKey(r.tableReference),
    destination: r.destination,
    target: target(r.body),
  }));
}

/** Private subnets: the ones that do not give their instances public IPv4 addresses. */
export const privateSubnets = (stack: StackJson) => resourcesOf(stack, "aws_subnet").filter((s) => s.body.map_public_ip_on_launch !== true);

/**
 * Keys of the route tables the private subnets use: their explicit associations, or for a subnet
 * with none, the main route table of its VPC (and whatever table is made main for it).
 */
export function privateRouteTables(stack: StackJson): Set<string> {
  const associations = resourcesOf(stack, "aws_route_table_association");
  const keys = new Set<string>();
  for (const subnet of privateSubnets(stack)) {
    const explicit = associations.filter((a) => refersTo(a.body.subnet_id, subnet.address)).map((a) => tableKey(a.body.route_table_id));
    if (explicit.length > 0) explicit.forEach((k) => k && keys.add(k));
    else {
      const vpc = parseReference(subnet.body.vpc_id)?.address;
      if (!vpc) continue;
      keys.add(`main:${vpc}`);
      for (const m of resourcesOf(stack, "aws_main_route_table_association").filter((m) => refersTo(m.body.vpc_id, vpc))) {
        const k = tableKey(m.body.route_table_id);
        if (k) keys.add(k);
      }
    }
  }
  return keys;
}

/** Default routes, IPv4 or IPv6. */
export const isDefaultRoute = (r: RouteEntry) => r.destination === "0.0.0.0/0" || r.destination === "::/0";
