/**
 * What the architecture diagram shows, read from the synthesized stacks: the tiers traffic crosses
 * (internet, internet gateway, public subnets with the ALB and any NAT gateway, private subnets
 * with the pods, endpoints) and which security group sits on what. Drawing is `dot.ts`'s job.
 */
import { VpcEndpoint, vpcEndpoints } from "../../synthesized/endpoints";
import { flowLogs } from "../../synthesized/flow-logs";
import { loadBalancers as loadBalancersOf } from "../../synthesized/load-balancers";
import { natGateways } from "../../synthesized/nat-gateways";
import { routeTables as routeTablesOf } from "../../synthesized/route-tables";
import { Route, RouteTargetKind, routes, subnetRouting, SubnetRouting } from "../../synthesized/routes";
import { RuleToPeer, rulesToPeers, securityGroupRules } from "../../synthesized/security-group-rules";
import { securityGroups as securityGroupsOf } from "../../synthesized/security-groups";
import { asList as list, parseReference, StackJson, throughRemoteState } from "../../synthesized/stack-json";
import { internetGateways, vpcOf } from "../../synthesized/vpc";

export interface DrawnRouteTable {
  readonly address: string;
  readonly name: string;
  /** "0.0.0.0/0 → IGW", "S3 → gateway endpoint", ... after the implicit local route. */
  readonly routes: readonly string[];
}

export interface Tier {
  readonly kind: "public" | "private";
  readonly subnets: readonly SubnetRouting[];
  readonly routeTables: readonly DrawnRouteTable[];
}

export interface DrawnLoadBalancer {
  readonly address: string;
  readonly name: string;
  readonly listeners: readonly string[];
  /** Security group addresses. */
  readonly groups: readonly string[];
  readonly targetGroup?: { readonly name: string; readonly traffic: string; readonly targetType: string; readonly healthPath?: string };
}

export interface DrawnNatGateway {
  readonly address: string;
  readonly name: string;
  readonly subnet?: SubnetRouting;
  readonly elasticIp?: string;
}

export interface DrawnSecurityGroup {
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
  readonly loadBalancers: readonly DrawnLoadBalancer[];
  readonly natGateways: readonly DrawnNatGateway[];
  /** The pods' security groups: those the ALB sends to and the interface endpoints admit. */
  readonly workloadGroups: readonly string[];
  readonly interfaceEndpoints: readonly VpcEndpoint[];
  readonly gatewayEndpoints: readonly VpcEndpoint[];
  /** Every route table the stack defines, by address (tiers show those their subnets use). */
  readonly routeTables: readonly DrawnRouteTable[];
  readonly securityGroups: readonly DrawnSecurityGroup[];
  readonly rules: readonly RuleToPeer[];
}

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

const routeText = ({ destination, target, gatewayEndpoint }: Route) =>
  gatewayEndpoint
    ? `${gatewayEndpoint} → gateway endpoint`
    : `${destination || "?"} → ${ROUTE_TARGETS[target.kind] ?? (target.id === "unknown target" ? "?" : target.id)}`;

function routeTables(net: StackJson): DrawnRouteTable[] {
  const all = routes(net);
  return routeTablesOf(net).map((table) => {
    const ofTable = all.filter((r) => r.table === table.address);
    // Inline blocks first, as the table lists them, then the aws_route resources, then the gateway endpoints'.
    const own = [...ofTable.filter((r) => r.block), ...ofTable.filter((r) => !r.block)];
    return { address: table.address, name: table.label, routes: own.map(routeText) };
  });
}

/** The subnets by tier (`synthesized/routes` decides which is which), each tier with the route tables its subnets use. */
function tiers(net: StackJson, tables: readonly DrawnRouteTable[]): Tier[] {
  const subnets = subnetRouting(net);
  return (["public", "private"] as const).map((kind) => {
    const members = subnets.filter((s) => s.tier === kind).sort((a, b) => a.zone.localeCompare(b.zone));
    return {
      kind,
      subnets: members,
      routeTables: tables.filter((t) => members.some((m) => m.routeTable === t.address)),
    };
  });
}

/** A value of the demo stack, with remote-state outputs of the network stack replaced by their value. */
function resolved(value: unknown, net: StackJson): unknown[] {
  return list(value).flatMap((v) => list(throughRemoteState(v, net.output)));
}

function loadBalancers(net: StackJson, stack: StackJson): DrawnLoadBalancer[] {
  return loadBalancersOf(stack).map((lb) => {
    const tg = lb.targetGroup;
    return {
      address: lb.address,
      name: lb.label,
      listeners: lb.listeners.map((l) => {
        const redirect =
          l.action?.type === "redirect" ? ` → redirect to ${l.action.redirect?.protocol ?? ""}:${l.action.redirect?.port ?? ""}` : "";
        // Without a TLS listener, plain HTTP reaches the pods: say so rather than let 80 suggest a redirect.
        const httpOnly =
          !lb.listeners.some((other) => other.protocol === "HTTPS") && l.action?.type === "forward" ? " (HTTP only, no TLS)" : "";
        return `${l.protocol}:${l.port}${redirect}${httpOnly}`;
      }),
      groups: resolved(lb.securityGroups, net).map((g) => parseReference(g)?.address ?? String(g)),
      targetGroup: tg && {
        name: tg.label,
        traffic: `${tg.protocol} ${tg.port}`,
        targetType: tg.targetType,
        healthPath: tg.healthPathWritten,
      },
    };
  });
}

function flowLogsText(net: StackJson): string | undefined {
  const log = flowLogs(net)[0];
  if (!log) return undefined;
  const group = log.logGroup;
  const where = group ? `CloudWatch Logs ${group.name}${group.retentionDays ? `, ${group.retentionDays} days` : ""}` : log.destinationType;
  return `flow logs (${log.trafficType.toLowerCase()} traffic) → ${where}`;
}

/** The groups of the stacks, then any group a rule belongs to that the stacks do not define. */
function securityGroups(stacks: StackJson[], rules: RuleToPeer[]): { address: string; name: string; isDefault: boolean }[] {
  const groups = stacks.flatMap(securityGroupsOf).map((g) => ({ address: g.address, name: g.name ?? g.label, isDefault: g.isDefault }));
  const others = [...new Set(rules.map((r) => r.group))].filter((a) => !groups.some((g) => g.address === a));
  return [...groups, ...others.map((a) => ({ address: a, name: a, isDefault: false }))];
}

export function architectureModel(net: StackJson, demo?: StackJson): ArchitectureModel {
  const vpc = vpcOf(net);
  if (!vpc) throw new Error("the network stack defines no aws_vpc: the diagram draws the network stack's VPC");
  const tables = routeTables(net);
  const subnetTiers = tiers(net, tables);
  const endpoints = vpcEndpoints(net);
  const subnets = subnetTiers.flatMap((t) => t.subnets);
  const rules = rulesToPeers([...securityGroupRules(net), ...(demo ? securityGroupRules(demo) : [])]);
  const lbs = [...loadBalancers(net, net), ...(demo ? loadBalancers(net, demo) : [])];
  const interfaces = endpoints.filter((e) => e.type === "Interface");
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
      name: vpc.label,
      cidr: vpc.cidr,
      region: vpc.region,
      flowLogs: flowLogsText(net),
    },
    internetGateways: internetGateways(net).map((g) => ({ address: g.address, name: g.label })),
    tiers: subnetTiers,
    loadBalancers: lbs,
    natGateways: natGateways(net).map((n) => ({
      address: n.address,
      name: n.label,
      subnet: subnets.find((s) => s.address === n.subnet),
      elasticIp: n.elasticIp,
    })),
    workloadGroups,
    interfaceEndpoints: interfaces,
    gatewayEndpoints: endpoints.filter((e) => e.type === "Gateway"),
    routeTables: tables,
    securityGroups: securityGroups([net, ...(demo ? [demo] : [])], rules).map((g) => ({ ...g, usedBy: usedBy(g.address) })),
    rules,
  };
}
