/**
 * Routing of a synthesized stack, read once for the reachability model, the diagram, verify and
 * cost: every route whichever way Terraform wrote it (`aws_route` resources,
 * inline `route` blocks of `aws_route_table` / `aws_default_route_table`) with its target
 * classified, the routes AWS adds for a gateway endpoint (its prefix list, in each table of its
 * `route_table_ids`), and every subnet with the route table it uses and its tier.
 *
 * A subnet is **public** when it gives its instances public IPv4 addresses (`map_public_ip_on_launch`),
 * and **private** otherwise. That is what the network builds its public subnets for (the ALB's), and
 * what makes a route to the internet usable from a subnet; a private subnet whose table routes to an
 * internet gateway is a finding of checkov (MLOPS_NET_1, checkov-checks/routes.py, which reads
 * subnets the same way), not a public subnet. The diagram's tiers, verify's public route table and
 * cost's public IPv4 count all use `tier`.
 */
import { vpcEndpoints } from "./endpoints";
import { routeTableKey } from "./route-tables";
import { asList, labelOf, parseReference, reference, refersTo, resourcesOf, ResourceBody, StackJson } from "./stack-json";

/** Where a route sends its traffic. */
export type RouteTargetKind =
  | "internet-gateway"
  | "nat-gateway"
  | "egress-only-gateway"
  | "virtual-private-gateway"
  | "local"
  | "instance"
  | "peering"
  | "transit-gateway"
  | "vpc-endpoint"
  | "network-interface"
  | "other";

export interface RouteTarget {
  readonly kind: RouteTargetKind;
  /** The target's resource address, or its value as written (a literal id). */
  readonly id: string;
}

export interface Route {
  /** The `aws_route`, the route table that holds an inline block, or the gateway endpoint that adds it. */
  readonly address: string;
  /** `route[0]` for an inline block, else undefined. */
  readonly block?: string;
  /** Where it is written, for messages: `aws_route.x` or `aws_route_table.t route[0]`. */
  readonly origin: string;
  /** The table it belongs to, by `routeTableKey`. */
  readonly table: string;
  /** The destination CIDR (IPv4 or IPv6) or prefix list; "" when none is written. */
  readonly destination: string;
  readonly target: RouteTarget;
  /** For a gateway endpoint's route: the endpoint's short service name (`s3`). */
  readonly gatewayEndpoint?: string;
}

/** Target arguments, in the order they are looked at. `gateway_id` is classified by what it names. */
const TARGETS: readonly [string, RouteTargetKind][] = [
  ["nat_gateway_id", "nat-gateway"],
  ["egress_only_gateway_id", "egress-only-gateway"],
  ["instance_id", "instance"],
  ["vpc_peering_connection_id", "peering"],
  ["transit_gateway_id", "transit-gateway"],
  ["vpc_endpoint_id", "vpc-endpoint"],
  ["network_interface_id", "network-interface"],
  ["carrier_gateway_id", "other"],
  ["local_gateway_id", "other"],
  ["core_network_arn", "other"],
  ["gateway_id", "internet-gateway"],
];

const addressOf = (value: unknown) => parseReference(value)?.address ?? String(value);

/**
 * `gateway_id` takes an internet gateway, a virtual private gateway or `local`. A value whose kind
 * cannot be told (an expression the stack does not resolve) counts as an internet gateway, so a
 * check errs on the side of "reaches the internet".
 */
function gatewayKind(value: string): RouteTargetKind {
  if (value === "local") return "local";
  const type = parseReference(value)?.type;
  if (type === "aws_vpn_gateway" || value.startsWith("vgw-")) return "virtual-private-gateway";
  return "internet-gateway";
}

function targetOf(body: ResourceBody): RouteTarget {
  for (const [argument, kind] of TARGETS) {
    const value = body[argument];
    if (typeof value !== "string" || !value) continue;
    return { kind: argument === "gateway_id" ? gatewayKind(value) : kind, id: addressOf(value) };
  }
  return { kind: "other", id: "unknown target" };
}

const destinationOf = (body: ResourceBody) =>
  String(
    body.destination_cidr_block ??
      body.cidr_block ??
      body.destination_ipv6_cidr_block ??
      body.ipv6_cidr_block ??
      body.destination_prefix_list_id ??
      "",
  );

function route(address: string, tableReference: unknown, body: ResourceBody, block?: string): Route {
  return {
    address,
    block,
    origin: block ? `${address} ${block}` : address,
    table: routeTableKey(tableReference),
    destination: destinationOf(body),
    target: targetOf(body),
  };
}

/** The route a gateway endpoint adds to each of its tables: its service's prefix list, to the endpoint. */
function gatewayEndpointRoutes(stack: StackJson): Route[] {
  return vpcEndpoints(stack)
    .filter((e) => e.type === "Gateway")
    .flatMap((e) =>
      e.routeTables.map((table) => ({
        address: e.address,
        origin: `${e.address} route_table_ids`,
        table,
        destination: reference(e.address, "prefix_list_id"),
        target: { kind: "vpc-endpoint" as const, id: e.address },
        gatewayEndpoint: e.service,
      })),
    );
}

/** Every route of the stack: the `aws_route`s first, then the inline blocks, each by address, then the gateway endpoints'. */
export function routes(stack: StackJson): Route[] {
  const standalone = resourcesOf(stack, "aws_route").map((r) => route(r.address, r.body.route_table_id, r.body));
  const inline = ["aws_route_table", "aws_default_route_table"].flatMap((type) =>
    resourcesOf(stack, type).flatMap((t) =>
      asList(t.body.route).map((block, i) =>
        route(
          t.address,
          type === "aws_default_route_table" ? t.body.default_route_table_id : reference(t.address),
          block as ResourceBody,
          `route[${i}]`,
        ),
      ),
    ),
  );
  return [...standalone, ...inline, ...gatewayEndpointRoutes(stack)];
}

export type SubnetTier = "public" | "private";

export interface SubnetRouting {
  readonly address: string;
  /** Its `Name` tag, else its Terraform name. */
  readonly label: string;
  readonly cidr: string;
  readonly zone: string;
  /** `map_public_ip_on_launch`: instances get public IPv4 addresses. */
  readonly mapPublicIp: boolean;
  /** The route table it uses, by `routeTableKey`: its association, else its VPC's main table. */
  readonly routeTable: string;
  /** Every table it may use: its association; with none, a table made main for its VPC, and `main:<vpc>`. */
  readonly routeTables: readonly string[];
  /** Whether `routeTable` is the VPC's main table (no explicit association). */
  readonly mainTable: boolean;
  readonly tier: SubnetTier;
}

/**
 * The route tables a subnet uses: its explicit association, or for a subnet with none, the main
 * table of its VPC and whatever table an `aws_main_route_table_association` makes main for it.
 */
function tablesOf(stack: StackJson, subnet: string, vpcReference: unknown): { tables: string[]; main: boolean } {
  const explicit = resourcesOf(stack, "aws_route_table_association")
    .filter((a) => refersTo(a.body.subnet_id, subnet))
    .map((a) => routeTableKey(a.body.route_table_id));
  if (explicit.length > 0) return { tables: explicit, main: false };
  const vpc = parseReference(vpcReference)?.address;
  if (!vpc) return { tables: [], main: true };
  const madeMain = resourcesOf(stack, "aws_main_route_table_association")
    .filter((m) => refersTo(m.body.vpc_id, vpc))
    .map((m) => routeTableKey(m.body.route_table_id));
  return { tables: [...madeMain, `main:${vpc}`], main: true };
}

/** Every subnet of the stack with its routing and tier, in address order. */
export function subnetRouting(stack: StackJson): SubnetRouting[] {
  return resourcesOf(stack, "aws_subnet").map((s) => {
    const { tables, main } = tablesOf(stack, s.address, s.body.vpc_id);
    return {
      address: s.address,
      label: labelOf(s),
      cidr: String(s.body.cidr_block),
      zone: String(s.body.availability_zone),
      mapPublicIp: s.body.map_public_ip_on_launch === true,
      routeTable: tables[0] ?? "main",
      routeTables: tables,
      mainTable: main,
      tier: s.body.map_public_ip_on_launch === true ? "public" : "private",
    };
  });
}

/** The table's default route (0.0.0.0/0), if it has one. */
export function defaultRoute(routes: readonly Route[], table: string | undefined): Route | undefined {
  return routes.find((r) => r.table === table && r.destination === "0.0.0.0/0");
}
