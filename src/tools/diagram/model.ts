/**
 * What the architecture diagram shows, read from the synthesized stacks: the tiers traffic crosses
 * (internet, internet gateway, public subnets with the ALB and any NAT gateway, private subnets
 * with the pods, endpoints) and which security group sits on what. Drawing is `dot.ts`'s job.
 */
import { Route, routeTableKey, RouteTargetKind, routes, subnetRouting } from "../../synthesized/routes";
import { RuleToPeer, rulesToPeers, securityGroupRules } from "../../synthesized/security-group-rules";
import {
  AddressedResource,
  asList as list,
  blockList,
  parseReference,
  resourceAt,
  resourcesOf,
  shortServiceName,
  StackJson,
  throughRemoteState,
} from "../../synthesized/stack-json";

export interface Subnet {
  readonly address: string;
  readonly name: string;
  readonly cidr: string;
  readonly zone: string;
}

export interface RouteTable {
  readonly address: string;
  readonly name: string;
  /** "0.0.0.0/0 → IGW", "S3 → gateway endpoint", ... after the implicit local route. */
  readonly routes: readonly string[];
}

export interface Tier {
  readonly kind: "public" | "private";
  readonly subnets: readonly Subnet[];
  readonly routeTables: readonly RouteTable[];
}

export interface LoadBalancer {
  readonly address: string;
  readonly name: string;
  readonly listeners: readonly string[];
  /** Security group addresses. */
  readonly groups: readonly string[];
  readonly targetGroup?: { readonly name: string; readonly traffic: string; readonly targetType: string; readonly healthPath?: string };
}

export interface NatGateway {
  readonly address: string;
  readonly name: string;
  readonly subnet?: Subnet;
  readonly elasticIp?: string;
}

export interface Endpoint {
  readonly address: string;
  readonly name: string;
  readonly service: string;
  readonly groups: readonly string[];
  readonly privateDns: boolean;
  /** Names of the route tables a gateway endpoint adds its prefix-list route to. */
  readonly routeTables: readonly string[];
}

export interface SecurityGroup {
  readonly address: string;
  readonly name: string;
  /** What carries the group in the picture: "ALB", "EKS pods", ...; empty when nothing in the stacks does. */
  readonly usedBy: readonly string[];
  /** The VPC's default group (`aws_default_security_group`). */
  readonly isDefault: boolean;
}

export interface ArchitectureModel {
  readonly vpc: { readonly name: string; readonly cidr: string; readonly region?: string; readonly flowLogs?: string };
  readonly internetGateways: readonly { readonly address: string; readonly name: string }[];
  readonly tiers: readonly Tier[];
  readonly loadBalancers: readonly LoadBalancer[];
  readonly natGateways: readonly NatGateway[];
  /** The pods' security groups: those the ALB sends to and the interface endpoints admit. */
  readonly workloadGroups: readonly string[];
  readonly interfaceEndpoints: readonly Endpoint[];
  readonly gatewayEndpoints: readonly Endpoint[];
  readonly securityGroups: readonly SecurityGroup[];
  readonly rules: readonly RuleToPeer[];
}

const nameOf = (r: AddressedResource) => String(r.body.tags?.Name ?? r.body.name ?? r.name);

/** What the traffic of a route goes through, by its target's kind; the others show the target as written. */
const ROUTE_TARGETS: Partial<Record<RouteTargetKind, string>> = {
  "internet-gateway": "IGW",
  "nat-gateway": "NAT gateway",
  "vpc-endpoint": "VPC endpoint",
  "transit-gateway": "transit gateway",
  peering: "VPC peering",
  "egress-only-gateway": "egress-only IGW",
  "network-interface": "network interface",
  instance: "instance",
};

const routeText = ({ destination, target }: Route) =>
  `${destination || "?"} → ${ROUTE_TARGETS[target.kind] ?? (target.id === "unknown target" ? "?" : target.id)}`;

function routeTables(net: StackJson): RouteTable[] {
  const all = routes(net);
  return resourcesOf(net, "aws_route_table").map((table) => {
    const ofTable = all.filter((r) => r.table === table.address);
    // Inline blocks first, as the table lists them, then the aws_route resources.
    const own = [...ofTable.filter((r) => r.block), ...ofTable.filter((r) => !r.block)];
    const gateways = resourcesOf(net, "aws_vpc_endpoint").filter((e) =>
      list(e.body.route_table_ids).some((id) => routeTableKey(id) === table.address),
    );
    return {
      address: table.address,
      name: nameOf(table),
      routes: [...own.map(routeText), ...gateways.map((e) => `${shortServiceName(e.body.service_name)} → gateway endpoint`)],
    };
  });
}

/** The subnets by tier (`synthesized/routes` decides which is which), each tier with the route tables its subnets use. */
function tiers(net: StackJson): Tier[] {
  const tables = routeTables(net);
  const names = new Map(resourcesOf(net, "aws_subnet").map((s) => [s.address, nameOf(s)]));
  const subnets = subnetRouting(net);
  return (["public", "private"] as const).map((kind) => {
    const members = subnets.filter((s) => s.tier === kind).sort((a, b) => a.zone.localeCompare(b.zone));
    return {
      kind,
      subnets: members.map((s) => ({ address: s.address, name: names.get(s.address) ?? s.address, cidr: s.cidr, zone: s.zone })),
      routeTables: tables.filter((t) => members.some((m) => m.routeTable === t.address)),
    };
  });
}

/** A value of the demo stack, with remote-state outputs of the network stack replaced by their value. */
function resolved(value: unknown, net: StackJson): unknown[] {
  return list(value).flatMap((v) => list(throughRemoteState(v, net.output)));
}

function loadBalancers(net: StackJson, stack: StackJson): LoadBalancer[] {
  const targetGroups = resourcesOf(stack, "aws_lb_target_group");
  return resourcesOf(stack, "aws_lb").map((lb) => {
    const listeners = resourcesOf(stack, "aws_lb_listener").filter((l) => parseReference(l.body.load_balancer_arn)?.address === lb.address);
    const forwarded = listeners.flatMap((l) => blockList(l.body.default_action)).map((a) => parseReference(a.target_group_arn)?.address);
    const tg = targetGroups.find((t) => forwarded.includes(t.address)) ?? targetGroups[0];
    return {
      address: lb.address,
      name: nameOf(lb),
      listeners: listeners.map((l) => {
        const action = blockList(l.body.default_action)[0];
        const redirect =
          action?.type === "redirect" ? ` → redirect to ${action.redirect?.protocol ?? ""}:${action.redirect?.port ?? ""}` : "";
        // Without a TLS listener, plain HTTP reaches the pods: say so rather than let 80 suggest a redirect.
        const httpOnly =
          !listeners.some((other) => other.body.protocol === "HTTPS") && action?.type === "forward" ? " (HTTP only, no TLS)" : "";
        return `${l.body.protocol}:${l.body.port}${redirect}${httpOnly}`;
      }),
      groups: resolved(lb.body.security_groups, net).map((g) => parseReference(g)?.address ?? String(g)),
      targetGroup: tg && {
        name: nameOf(tg),
        traffic: `${tg.body.protocol} ${tg.body.port}`,
        targetType: String(tg.body.target_type ?? "instance"),
        healthPath: tg.body.health_check?.path,
      },
    };
  });
}

function endpoints(net: StackJson, type: "Interface" | "Gateway"): Endpoint[] {
  return resourcesOf(net, "aws_vpc_endpoint")
    .filter((e) => String(e.body.vpc_endpoint_type ?? "Gateway").toLowerCase() === type.toLowerCase())
    .map((e) => ({
      address: e.address,
      name: nameOf(e),
      service: shortServiceName(String(e.body.service_name)),
      groups: list(e.body.security_group_ids).map((g) => parseReference(g)?.address ?? String(g)),
      privateDns: e.body.private_dns_enabled === true,
      routeTables: list(e.body.route_table_ids).map((t) => {
        const table = resourceAt(net, parseReference(t)?.address ?? "");
        return table ? nameOf(table) : String(t);
      }),
    }));
}

function flowLogs(net: StackJson): string | undefined {
  const log = resourcesOf(net, "aws_flow_log")[0];
  if (!log) return undefined;
  const group = resourceAt(net, parseReference(log.body.log_destination)?.address ?? "");
  const where = group
    ? `CloudWatch Logs ${group.body.name}${group.body.retention_in_days ? `, ${group.body.retention_in_days} days` : ""}`
    : String(log.body.log_destination_type ?? "");
  return `flow logs (${String(log.body.traffic_type ?? "ALL").toLowerCase()} traffic) → ${where}`;
}

/** The groups of the stacks, then any group a rule belongs to that the stacks do not define. */
function securityGroups(stacks: StackJson[], rules: RuleToPeer[]): { address: string; name: string; isDefault: boolean }[] {
  const defined = stacks.flatMap((s) => ["aws_security_group", "aws_default_security_group"].flatMap((type) => resourcesOf(s, type)));
  const groups = defined.map((g) => ({
    address: g.address,
    name: String(g.body.name ?? nameOf(g)),
    isDefault: g.type === "aws_default_security_group",
  }));
  const others = [...new Set(rules.map((r) => r.group))].filter((a) => !groups.some((g) => g.address === a));
  return [...groups, ...others.map((a) => ({ address: a, name: a, isDefault: false }))];
}

export function architectureModel(net: StackJson, demo?: StackJson): ArchitectureModel {
  const vpc = resourcesOf(net, "aws_vpc")[0];
  const subnetTiers = tiers(net);
  const subnets = subnetTiers.flatMap((t) => t.subnets);
  const rules = rulesToPeers([...securityGroupRules(net), ...(demo ? securityGroupRules(demo) : [])]);
  const lbs = [...loadBalancers(net, net), ...(demo ? loadBalancers(net, demo) : [])];
  const interfaces = endpoints(net, "Interface");
  const albGroups = lbs.flatMap((lb) => lb.groups);
  const endpointGroups = interfaces.flatMap((e) => e.groups);
  const peersOf = (groups: string[], direction: "ingress" | "egress") =>
    rules
      .filter((r) => r.direction === direction && groups.includes(r.group) && r.peer.kind === "group")
      .map((r) => (r.peer.kind === "group" ? r.peer.group : ""));
  const attached = new Set([...albGroups, ...endpointGroups]);
  const workloadGroups = [...new Set([...peersOf(albGroups, "egress"), ...peersOf(endpointGroups, "ingress")])]
    .filter((g) => !attached.has(g))
    .sort();
  const usedBy = (address: string) => [
    ...(albGroups.includes(address) ? ["ALB"] : []),
    ...(workloadGroups.includes(address) ? ["EKS pods"] : []),
    ...(endpointGroups.includes(address) ? ["interface endpoints"] : []),
  ];
  return {
    vpc: {
      name: nameOf(vpc),
      cidr: String(vpc.body.cidr_block),
      region: (net.provider?.aws as { region?: string }[] | undefined)?.[0]?.region,
      flowLogs: flowLogs(net),
    },
    internetGateways: resourcesOf(net, "aws_internet_gateway").map((g) => ({ address: g.address, name: nameOf(g) })),
    tiers: subnetTiers,
    loadBalancers: lbs,
    natGateways: resourcesOf(net, "aws_nat_gateway").map((n) => {
      const eip = resourceAt(net, parseReference(n.body.allocation_id)?.address ?? "");
      return {
        address: n.address,
        name: nameOf(n),
        subnet: subnets.find((s) => s.address === parseReference(n.body.subnet_id)?.address),
        elasticIp: eip && nameOf(eip),
      };
    }),
    workloadGroups,
    interfaceEndpoints: interfaces,
    gatewayEndpoints: endpoints(net, "Gateway"),
    securityGroups: securityGroups([net, ...(demo ? [demo] : [])], rules).map((g) => ({ ...g, usedBy: usedBy(g.address) })),
    rules,
  };
}
