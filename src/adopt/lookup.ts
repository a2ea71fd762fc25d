import {
  DescribeInternetGatewaysCommand,
  DescribePrefixListsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
  Filter,
  RouteTable,
  Subnet,
  VpcEndpoint,
} from "@aws-sdk/client-ec2";
import { EndpointServiceName } from "../aws/endpoint-service-names";
import { fullServiceName, interfaceServices } from "../config/endpoint-catalog";
import { resourceNames } from "../config/names";
import { EnvironmentConfig } from "../config/types";
import { layeredRules } from "../network/security-group-rules";
import { GroupKey } from "../network/security-groups";
import { AdoptedResource, AdoptionFile } from "../stacks/adoption";
import { ConsoleRule, GroupIds, matchRules } from "./rule-matching";

/** The console's network cannot be adopted as it is: every problem found, each naming what to change. */
export class AdoptionError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Nothing was adopted:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

const nameTag = (tags?: { Key?: string; Value?: string }[]) => tags?.find((t) => t.Key === "Name")?.Value;
const byName = (name: string): Filter => ({ Name: "tag:Name", Values: [name] });
const inVpc = (vpcId: string): Filter => ({ Name: "vpc-id", Values: [vpcId] });
/** Terraform names a resource by its construct id, with anything but letters, digits and _ made _. */
const tfName = (id: string) => id.replace(/[^A-Za-z0-9_]/g, "_");

/** Terraform addresses of the network stack's resources (construct ids in src/network/*.ts). */
export const ADDRESS = {
  vpc: "aws_vpc.vpc",
  internetGateway: "aws_internet_gateway.internet_gateway",
  routeTable: (tier: Tier) => `aws_route_table.${tier}_route_table`,
  publicInternetRoute: "aws_route.public_internet_route",
  subnet: (tier: Tier, az: string) => `aws_subnet.${tfName(`${tier}_subnet_${az}`)}`,
  association: (tier: Tier, az: string) => `aws_route_table_association.${tfName(`${tier}_subnet_${az}_route_table`)}`,
  securityGroup: (key: GroupKey) =>
    `aws_security_group.${{ alb: "alb_sg", eksNodes: "eks_nodes_sg", eksControlPlane: "eks_control_plane_sg", vpcEndpoints: "vpc_endpoints_sg" }[key]}`,
  rule: (direction: "ingress" | "egress", id: string) => `aws_vpc_security_group_${direction}_rule.${id}`,
  s3Endpoint: "aws_vpc_endpoint.s3_gateway_endpoint",
  interfaceEndpoint: (service: string) => `aws_vpc_endpoint.${tfName(`${service.replace(/[.-]/g, "_")}_endpoint`)}`,
};
type Tier = "public" | "private";

/** Endpoints that still exist (a deleted one stays listed for a while). */
const LIVE_ENDPOINT = (e: VpcEndpoint) => !["deleted", "deleting", "rejected", "failed", "expired"].includes(String(e.State).toLowerCase());

/**
 * Finds the walkthrough's network of `env` in the account, read-only: the VPC, subnets, internet
 * gateway and route tables by their Name tags, the security groups by group name, the endpoints by
 * VPC and service. Throws an AdoptionError listing every problem (a resource missing or found twice,
 * a CIDR or zone the configuration does not have, a rule or route table the design cannot take over).
 */
export async function lookUpConsoleNetwork(ec2: EC2Client, env: EnvironmentConfig, stack: string): Promise<AdoptionFile> {
  const names = resourceNames(env);
  const problems: string[] = [];
  const resources: AdoptedResource[] = [];
  const leftAlone: string[] = [];
  const adopt = (address: string, id: string, foundBy: string) => resources.push({ address, id, foundBy });
  /** Exactly one of `found`, or a problem naming the candidates. */
  function one<T>(found: T[], what: string, idOf: (t: T) => string | undefined, missing: string): T | undefined {
    if (found.length === 1) return found[0];
    problems.push(
      found.length === 0
        ? `${what} not found: ${missing}`
        : `${what} is ambiguous: ${found.length} candidates (${found.map(idOf).join(", ")}); rename or delete all but one`,
    );
    return undefined;
  }

  const vpcs = (await ec2.send(new DescribeVpcsCommand({ Filters: [byName(names.vpc)] }))).Vpcs ?? [];
  const vpc = one(
    vpcs,
    `VPC named ${names.vpc} in ${env.region}`,
    (v) => v.VpcId,
    `set namePrefix to the first word of the console's names (namePrefix "${env.namePrefix}" gives ${names.vpc}), and region to where it was built`,
  );
  if (!vpc) throw new AdoptionError(problems);
  const vpcId = vpc.VpcId!;
  adopt(ADDRESS.vpc, vpcId, `Name ${names.vpc}`);
  if (vpc.CidrBlock !== env.vpcCidr)
    problems.push(
      `VPC ${vpcId} has CIDR ${vpc.CidrBlock}, the configuration ${env.vpcCidr}: set vpcCidr to "${vpc.CidrBlock}" (a new CIDR would replace the VPC)`,
    );

  const subnets = (await ec2.send(new DescribeSubnetsCommand({ Filters: [inVpc(vpcId)] }))).Subnets ?? [];
  const routeTables = (await ec2.send(new DescribeRouteTablesCommand({ Filters: [inVpc(vpcId)] }))).RouteTables ?? [];
  const tables: Partial<Record<Tier, RouteTable>> = {};
  for (const [tier, name] of [
    ["public", names.publicRouteTable],
    ["private", names.privateRouteTable],
  ] as const) {
    const table = one(
      routeTables.filter((t) => nameTag(t.Tags) === name),
      `route table named ${name} in ${vpcId}`,
      (t) => t.RouteTableId,
      "create it as the walkthrough does, or rename the one you use",
    );
    if (!table) continue;
    tables[tier] = table;
    adopt(ADDRESS.routeTable(tier), table.RouteTableId!, `Name ${name}`);
  }

  const settings = { public: "publicSubnetCidrs", private: "privateSubnetCidrs" };
  for (const tier of ["public", "private"] as const) {
    const cidrs = tier === "public" ? env.publicSubnetCidrs : env.privateSubnetCidrs;
    env.availabilityZones.forEach((az, i) => {
      const name = tier === "public" ? names.publicSubnet(az) : names.privateSubnet(az);
      const others = subnets
        .filter((s) => nameTag(s.Tags) !== undefined)
        .map((s: Subnet) => `${nameTag(s.Tags)} (${s.AvailabilityZone}, ${s.CidrBlock})`);
      const subnet = one(
        subnets.filter((s) => nameTag(s.Tags) === name),
        `subnet named ${name} in ${vpcId}`,
        (s) => s.SubnetId,
        `the VPC has ${others.join(", ") || "no named subnet"}; set availabilityZones (and namePrefix) to match`,
      );
      if (!subnet) return;
      adopt(ADDRESS.subnet(tier, az), subnet.SubnetId!, `Name ${name}`);
      if (subnet.AvailabilityZone !== az)
        problems.push(
          `subnet ${name} (${subnet.SubnetId}) is in ${subnet.AvailabilityZone}, not ${az}: set availabilityZones to the console's zones`,
        );
      if (subnet.CidrBlock !== cidrs[i])
        problems.push(
          `subnet ${name} (${subnet.SubnetId}) has CIDR ${subnet.CidrBlock}, the configuration ${cidrs[i]}: set ${settings[tier]}[${i}] to "${subnet.CidrBlock}"`,
        );
      const table = tables[tier];
      const association = routeTables
        .flatMap((t) => (t.Associations ?? []).map((a) => ({ table: t, a })))
        .find(({ a }) => a.SubnetId === subnet.SubnetId);
      if (!association) return; // on the main table implicitly: the deploy creates the association
      if (table && association.table.RouteTableId === table.RouteTableId)
        adopt(ADDRESS.association(tier, az), `${subnet.SubnetId}/${table.RouteTableId}`, `association of ${name}`);
      else
        problems.push(
          `subnet ${name} (${subnet.SubnetId}) is associated with route table ${association.table.RouteTableId} (${nameTag(association.table.Tags) ?? "no name"}), not ${table ? nameTag(table.Tags) : "ours"}: associate it with the ${tier} route table in the console`,
        );
    });
  }

  const igws =
    (await ec2.send(new DescribeInternetGatewaysCommand({ Filters: [{ Name: "attachment.vpc-id", Values: [vpcId] }] }))).InternetGateways ??
    [];
  const igw = one(igws, `internet gateway attached to ${vpcId}`, (g) => g.InternetGatewayId, `attach ${names.internetGateway} to the VPC`);
  if (igw) {
    adopt(ADDRESS.internetGateway, igw.InternetGatewayId!, `attached to ${vpcId}`);
    const route = tables.public?.Routes?.find((r) => r.DestinationCidrBlock === "0.0.0.0/0");
    if (route?.GatewayId === igw.InternetGatewayId)
      adopt(ADDRESS.publicInternetRoute, `${tables.public!.RouteTableId}_0.0.0.0/0`, `0.0.0.0/0 in ${names.publicRouteTable}`);
    else if (route)
      problems.push(
        `${names.publicRouteTable} sends 0.0.0.0/0 to ${route.GatewayId ?? route.NatGatewayId ?? "something else"}, not the internet gateway: point it at ${igw.InternetGatewayId}`,
      );
  }

  const services = interfaceServices(env);
  const groupKeys = (Object.keys(names.securityGroups) as GroupKey[]).filter((k) => k !== "vpcEndpoints" || services.length > 0);
  const allGroups = (await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [inVpc(vpcId)] }))).SecurityGroups ?? [];
  const groups: GroupIds = {};
  for (const key of groupKeys) {
    const name = names.securityGroups[key];
    const group = one(
      allGroups.filter((g) => g.GroupName === name),
      `security group ${name} in ${vpcId}`,
      (g) => g.GroupId,
      `the VPC has ${allGroups.map((g) => g.GroupName).join(", ")}`,
    );
    if (!group) continue;
    groups[key] = group.GroupId!;
    adopt(ADDRESS.securityGroup(key), group.GroupId!, `group name ${name}`);
  }

  const endpoints = ((await ec2.send(new DescribeVpcEndpointsCommand({ Filters: [inVpc(vpcId)] }))).VpcEndpoints ?? []).filter(
    LIVE_ENDPOINT,
  );
  const s3Name = fullServiceName(env.region, EndpointServiceName.S3, "Gateway");
  const s3 = one(
    endpoints.filter((e) => e.ServiceName === s3Name && e.VpcEndpointType === "Gateway"),
    `S3 gateway endpoint (${s3Name}) in ${vpcId}`,
    (e) => e.VpcEndpointId,
    "create it as the walkthrough does (section 2.1)",
  );
  if (s3) {
    adopt(ADDRESS.s3Endpoint, s3.VpcEndpointId!, `${s3Name} in ${vpcId}`);
    const foreign = (s3.RouteTableIds ?? []).filter((id) => id !== tables.private?.RouteTableId);
    if (foreign.length)
      problems.push(
        `S3 gateway endpoint ${s3.VpcEndpointId} is in route tables the design does not give it: ${foreign.map((id) => `${id} (${nameTag(routeTables.find((t) => t.RouteTableId === id)?.Tags) ?? "no name"})`).join(", ")}; take them off the endpoint in the console (only ${names.privateRouteTable} keeps it)`,
      );
  }
  for (const { service } of services) {
    const serviceName = fullServiceName(env.region, service, "Interface");
    const found = endpoints.filter((e) => e.ServiceName === serviceName && e.VpcEndpointType === "Interface");
    if (found.length === 0) continue; // the deploy creates it
    const endpoint = one(found, `interface endpoint for ${serviceName} in ${vpcId}`, (e) => e.VpcEndpointId, "");
    if (endpoint) adopt(ADDRESS.interfaceEndpoint(service), endpoint.VpcEndpointId!, `${serviceName} in ${vpcId}`);
  }

  const prefixList = (await ec2.send(new DescribePrefixListsCommand({ Filters: [{ Name: "prefix-list-name", Values: [s3Name] }] })))
    .PrefixLists?.[0]?.PrefixListId;
  const design = layeredRules({
    vpcCidr: env.vpcCidr,
    s3PrefixListId: prefixList ?? "s3-prefix-list",
    endpointsPeerSecurityGroupId: env.endpointsPeerSecurityGroupId || undefined,
    apiTargetPort: env.apiTargetPort,
    internetEgress: env.egress === "nat-gateway",
  }).filter((r) => groups[r.group] && (!("group" in r.peer) || groups[r.peer.group]));
  const keyOf = new Map(Object.entries(groups).map(([k, id]) => [id, k as GroupKey]));
  const ids = Object.values(groups);
  const rules = ids.length
    ? ((await ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: "group-id", Values: ids }] }))).SecurityGroupRules ?? [])
    : [];
  const consoleRules: ConsoleRule[] = rules.map((r) => ({
    ruleId: r.SecurityGroupRuleId!,
    group: keyOf.get(r.GroupId!)!,
    direction: r.IsEgress ? "egress" : "ingress",
    protocol: r.IpProtocol!,
    fromPort: r.FromPort,
    toPort: r.ToPort,
    cidrIpv4: r.CidrIpv4,
    cidrIpv6: r.CidrIpv6,
    prefixListId: r.PrefixListId,
    referencedGroupId: r.ReferencedGroupInfo?.GroupId,
  }));
  const matched = matchRules(consoleRules, design, groups, (key) => names.securityGroups[key]);
  const direction = new Map(design.map((d) => [d.id, d.direction]));
  for (const m of matched.imports)
    adopt(
      ADDRESS.rule(direction.get(m.designId)!, m.designId),
      m.ruleId,
      m.portChanges ? "same groups, other ports: changed in place" : "same groups and ports",
    );
  leftAlone.push(...matched.leftAlone);
  problems.push(...matched.unmatched);

  if (problems.length) throw new AdoptionError(problems);
  return { stack, region: env.region, namePrefix: env.namePrefix, vpcId, resources, leftAlone };
}
