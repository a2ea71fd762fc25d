/** What a deployed environment must look like, read from its synthesized stacks. */
import { EndpointServiceName } from "../aws/endpoint-service-names";
import { endpointReferredBy, vpcEndpoints } from "../synthesized/endpoints";
import { loadBalancers } from "../synthesized/load-balancers";
import { natGateways } from "../synthesized/nat-gateways";
import { routeTables } from "../synthesized/route-tables";
import { subnetRouting } from "../synthesized/routes";
import { Peer, rulesToPeers, securityGroupRules } from "../synthesized/security-group-rules";
import { securityGroups } from "../synthesized/security-groups";
import { parseStack } from "../synthesized/stack-json";
import { vpcOf } from "../synthesized/vpc";

export interface ExpectedSubnet {
  readonly name: string;
  readonly cidr: string;
  readonly az: string;
  readonly public: boolean;
}

export interface Expected {
  readonly vpcName: string;
  readonly vpcCidr: string;
  readonly subnets: ExpectedSubnet[];
  readonly publicRouteTable: string;
  readonly privateRouteTable: string;
  /** With egress "nat-gateway" the private table's default route goes to the NAT gateway. */
  readonly privateDefaultRoute: "nat" | "none";
  /** Short service names of the interface endpoints, e.g. "ecr.api". */
  readonly interfaceServices: string[];
  readonly region: string;
  readonly securityGroups: string[];
  /** One line per rule, in the form `describeRule` gives. */
  readonly rules: string[];
  readonly albName: string;
  readonly targetGroupName: string;
  /** The path the target group's health check asks. */
  readonly healthCheckPath: string;
  readonly listeners: string[];
}

/** A rule as one comparable line: `<group> <in|out> <tcp/443|all> <peer>`. */
export function describeRule(
  group: string,
  direction: "in" | "out",
  protocol: string,
  from: number | undefined,
  to: number | undefined,
  peer: string,
) {
  const ports = protocol === "-1" ? "all" : from === to ? `${protocol}/${from}` : `${protocol}/${from}-${to}`;
  return `${group} ${direction} ${ports} ${peer}`;
}

export function expectations(networkJson: string, demoAlbJson: string): Expected {
  const stack = parseStack(networkJson);
  const demo = parseStack(demoAlbJson);
  const groups = securityGroups(stack);
  /** A group by its name, as EC2 lists it (a group outside the stack by its id). */
  const groupName = (group: string) => groups.find((g) => g.address === group)?.name ?? group;
  const vpc = vpcOf(stack);
  if (!vpc) throw new Error("the network stack defines no aws_vpc: verify compares the deployed VPC with the network stack's");
  const subnets = subnetRouting(stack);
  const tables = routeTables(stack);
  const endpoints = vpcEndpoints(stack);
  const publicTables = new Set(subnets.filter((s) => s.tier === "public").map((s) => s.routeTable));
  const isPublic = (table: string) => publicTables.has(table);
  const peerText = (peer: Peer) => {
    if (peer.kind === "cidr") return `cidr:${peer.cidr}`;
    if (peer.kind === "prefix-list") {
      return endpointReferredBy(endpoints, peer.prefixList)?.service === EndpointServiceName.S3 ? "pl:s3" : `pl:${peer.prefixList}`;
    }
    return `sg:${groupName(peer.group)}`;
  };
  // As EC2 describes them: protocol -1 for all traffic, one rule per peer.
  const rules = rulesToPeers(securityGroupRules(stack)).map((r) =>
    describeRule(
      groupName(r.group),
      r.direction === "ingress" ? "in" : "out",
      r.protocol === "all" ? "-1" : r.protocol,
      r.ports?.from ?? r.fromPort,
      r.ports?.to ?? r.toPort,
      peerText(r.peer),
    ),
  );
  const lb = loadBalancers(demo)[0];
  if (!lb) throw new Error("the demo-alb stack defines no aws_lb: verify compares the deployed ALB with it");
  return {
    vpcName: vpc.label,
    vpcCidr: vpc.cidr,
    region: vpc.region!,
    subnets: subnets.map((s) => ({ name: s.label, cidr: s.cidr, az: s.zone, public: s.mapPublicIp })),
    publicRouteTable: tables.find((t) => isPublic(t.address))!.label,
    privateRouteTable: tables.find((t) => !isPublic(t.address))!.label,
    privateDefaultRoute: natGateways(stack).length > 0 ? ("nat" as const) : ("none" as const),
    interfaceServices: endpoints.filter((e) => e.type === "Interface").map((e) => e.service),
    securityGroups: groups.filter((g) => !g.isDefault).map((g) => g.name ?? g.label),
    rules: rules.sort(),
    albName: lb.name,
    targetGroupName: lb.targetGroup?.name ?? "",
    healthCheckPath: lb.targetGroup?.healthPath ?? "/",
    listeners: lb.listeners.map((l) => `${l.protocol}:${l.port}`).sort(),
  };
}
