/** What a deployed environment must look like, read from its synthesized stacks. */
import { subnetRouting } from "../synthesized/routes";
import { Peer, rulesToPeers, securityGroupRules } from "../synthesized/security-group-rules";
import { blockList, parseReference, parseStack, resourceAt, resourcesOf, shortServiceName } from "../synthesized/stack-json";

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
  const list = (type: string) => resourcesOf(stack, type).map((r) => r.body);
  /** A group by its name, as EC2 lists it (a group outside the stack by its id). */
  const groupName = (group: string) => String(resourceAt(stack, group)?.body.name ?? group);
  const vpc = list("aws_vpc")[0];
  const tables = resourcesOf(stack, "aws_route_table");
  const publicTables = new Set(
    subnetRouting(stack)
      .filter((s) => s.tier === "public")
      .map((s) => s.routeTable),
  );
  const isPublic = (table: string) => publicTables.has(table);
  const peerText = (peer: Peer) => {
    if (peer.kind === "cidr") return `cidr:${peer.cidr}`;
    if (peer.kind === "prefix-list") {
      const endpoint = resourceAt(stack, parseReference(peer.prefixList)?.address ?? "");
      return endpoint && shortServiceName(String(endpoint.body.service_name)) === "s3" ? "pl:s3" : `pl:${peer.prefixList}`;
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
  const lb = resourcesOf(demo, "aws_lb")[0].body;
  return {
    vpcName: vpc.tags.Name,
    vpcCidr: vpc.cidr_block,
    region: (stack.provider?.aws as { alias?: string; region: string }[]).find((p) => !p.alias)!.region,
    subnets: list("aws_subnet").map((s) => ({
      name: s.tags.Name,
      cidr: s.cidr_block,
      az: s.availability_zone,
      public: s.map_public_ip_on_launch,
    })),
    publicRouteTable: tables.find((t) => isPublic(t.address))!.body.tags.Name,
    privateRouteTable: tables.find((t) => !isPublic(t.address))!.body.tags.Name,
    privateDefaultRoute: list("aws_nat_gateway").length > 0 ? ("nat" as const) : ("none" as const),
    interfaceServices: list("aws_vpc_endpoint")
      .filter((e) => e.vpc_endpoint_type === "Interface")
      .map((e) => shortServiceName(e.service_name)),
    securityGroups: list("aws_security_group").map((g) => g.name),
    rules: rules.sort(),
    albName: lb.name,
    targetGroupName: resourcesOf(demo, "aws_lb_target_group")[0].body.name,
    healthCheckPath: blockList(resourcesOf(demo, "aws_lb_target_group")[0].body.health_check)[0]?.path ?? "/",
    listeners: resourcesOf(demo, "aws_lb_listener")
      .map((l) => `${l.body.protocol}:${l.body.port}`)
      .sort(),
  };
}
