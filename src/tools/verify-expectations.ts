/** What a deployed environment must look like, read from its synthesized stacks. */
type Resources = Record<string, Record<string, Record<string, any>>>;

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
  readonly listeners: string[];
}

/** A rule as one comparable line: `<group> <in|out> <tcp/443|all> <peer>`. */
export function describeRule(group: string, direction: "in" | "out", protocol: string, from: number | undefined, to: number | undefined, peer: string) {
  const ports = protocol === "-1" ? "all" : from === to ? `${protocol}/${from}` : `${protocol}/${from}-${to}`;
  return `${group} ${direction} ${ports} ${peer}`;
}

const byRef = (resources: Resources, ref: string) => {
  const m = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z_]+\}$/.exec(ref);
  return m ? resources[m[1]]?.[m[2]] : undefined;
};

export function expectations(networkJson: string, demoAlbJson: string): Expected {
  const stack = JSON.parse(networkJson);
  const net: Resources = stack.resource;
  const demo: Resources = JSON.parse(demoAlbJson).resource;
  const list = (type: string) => Object.values(net[type] ?? {});
  const vpc = list("aws_vpc")[0];
  const tables = Object.entries(net.aws_route_table);
  const isPublic = (name: string) =>
    list("aws_route").some((r) => r.route_table_id === `\${aws_route_table.${name}.id}` && String(r.gateway_id ?? "").startsWith("${aws_internet_gateway."));
  const rules = (["ingress", "egress"] as const).flatMap((direction) =>
    list(`aws_vpc_security_group_${direction}_rule`).map((r) => {
      const group = byRef(net, r.security_group_id)!.name;
      const peerGroup = r.referenced_security_group_id ? byRef(net, r.referenced_security_group_id) : undefined;
      const peer = peerGroup ? `sg:${peerGroup.name}` : r.referenced_security_group_id ? `sg:${r.referenced_security_group_id}` : r.prefix_list_id ? "pl:s3" : `cidr:${r.cidr_ipv4}`;
      return describeRule(group, direction === "ingress" ? "in" : "out", r.ip_protocol, r.from_port, r.to_port, peer);
    }),
  );
  const lb = Object.values(demo.aws_lb)[0];
  return {
    vpcName: vpc.tags.Name,
    vpcCidr: vpc.cidr_block,
    region: stack.provider.aws.find((p: { alias?: string }) => !p.alias).region,
    subnets: list("aws_subnet").map((s) => ({ name: s.tags.Name, cidr: s.cidr_block, az: s.availability_zone, public: s.map_public_ip_on_launch })),
    publicRouteTable: tables.find(([name]) => isPublic(name))![1].tags.Name,
    privateRouteTable: tables.find(([name]) => !isPublic(name))![1].tags.Name,
    privateDefaultRoute: list("aws_nat_gateway").length > 0 ? ("nat" as const) : ("none" as const),
    interfaceServices: list("aws_vpc_endpoint").filter((e) => e.vpc_endpoint_type === "Interface").map((e) => e.service_name.split(".").slice(3).join(".")),
    securityGroups: list("aws_security_group").map((g) => g.name),
    rules: rules.sort(),
    albName: lb.name,
    targetGroupName: Object.values(demo.aws_lb_target_group)[0].name,
    listeners: Object.values(demo.aws_lb_listener).map((l) => `${l.protocol}:${l.port}`).sort(),
  };
}
