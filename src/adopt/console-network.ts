import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  EC2Client,
  IpPermission,
  ModifySubnetAttributeCommand,
  ModifyVpcAttributeCommand,
  ResourceType,
  RevokeSecurityGroupEgressCommand,
} from "@aws-sdk/client-ec2";
import { EndpointServiceName } from "../aws/endpoint-service-names";
import { ECR_AND_LOGS_ENDPOINTS, fullServiceName } from "../config/endpoint-catalog";
import { resourceNames } from "../config/names";
import { EnvironmentConfig } from "../config/types";
import { GroupKey } from "../network/security-groups";

export interface ConsoleNetworkOptions {
  /** Whether the reader deleted the allow-all egress rule the console gives every new group. */
  readonly removeDefaultEgress: boolean;
  /** Descriptions the reader typed instead of the walkthrough's. @default the walkthrough's */
  readonly groupDescriptions?: Partial<Record<GroupKey, string>>;
}

/** The ids the console gave, by the walkthrough's names: what an adoption must keep. */
export type ConsoleIds = Record<string, string>;

const named = (type: ResourceType, name: string) => [{ ResourceType: type, Tags: [{ Key: "Name", Value: name }] }];

/** The walkthrough's group descriptions (section 1.5): the project's groups carry the same. */
const GROUPS: Record<GroupKey, string> = {
  alb: "Security group for ALB public API demo access",
  eksNodes: "Security group for EKS worker nodes in private subnets",
  eksControlPlane: "Security group for EKS control plane",
  vpcEndpoints: "Security group for VPC endpoints (S3, ECR, SageMaker)",
};

/** A rule of section 1.5: port (or all traffic), and the peer group or CIDR. */
type ConsoleRuleSpec = [GroupKey, "in" | "out", number | "all", GroupKey | string];

/**
 * The walkthrough's rules. Left out: the endpoints group's HTTPS from the "SageMaker SG", a group of
 * the default VPC, which a rule of this VPC can only name across a peering.
 */
const RULES: ConsoleRuleSpec[] = [
  ["alb", "in", 80, "0.0.0.0/0"],
  ["alb", "in", 443, "0.0.0.0/0"],
  ["alb", "out", "all", "eksNodes"],
  ["eksNodes", "in", 80, "alb"],
  ["eksNodes", "in", 443, "alb"],
  ["eksNodes", "in", "all", "eksNodes"],
  ["eksNodes", "in", "all", "eksControlPlane"],
  ["eksNodes", "out", 443, "vpcEndpoints"],
  ["eksNodes", "out", "all", "eksNodes"],
  ["eksControlPlane", "in", 443, "eksNodes"],
  ["eksControlPlane", "out", "all", "eksNodes"],
  ["vpcEndpoints", "in", 443, "eksNodes"],
  ["vpcEndpoints", "in", 443, "vpc-cidr"],
];

/**
 * Builds sections 1 and 2 of the walkthrough the way the console does, with the SDK: what a
 * reader has before adopting it. For the adoption rehearsal and its tests; it creates, so it is
 * only ever pointed at an emulator.
 */
export async function buildConsoleNetwork(ec2: EC2Client, env: EnvironmentConfig, options: ConsoleNetworkOptions): Promise<ConsoleIds> {
  const names = resourceNames(env);
  const ids: ConsoleIds = {};
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: env.vpcCidr, TagSpecifications: named("vpc", names.vpc) }))).Vpc!.VpcId!;
  ids[names.vpc] = vpcId;
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: true } }));
  await ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));

  const igw = (await ec2.send(new CreateInternetGatewayCommand({ TagSpecifications: named("internet-gateway", names.internetGateway) })))
    .InternetGateway!.InternetGatewayId!;
  ids[names.internetGateway] = igw;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpcId }));
  const table = async (name: string) =>
    (ids[name] = (
      await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId, TagSpecifications: named("route-table", name) }))
    ).RouteTable!.RouteTableId!);
  const publicTable = await table(names.publicRouteTable);
  const privateTable = await table(names.privateRouteTable);
  await ec2.send(new CreateRouteCommand({ RouteTableId: publicTable, DestinationCidrBlock: "0.0.0.0/0", GatewayId: igw }));

  const privateSubnets: string[] = [];
  for (const [i, az] of env.availabilityZones.entries()) {
    for (const [name, cidr, routeTable, isPublic] of [
      [names.publicSubnet(az), env.publicSubnetCidrs[i], publicTable, true],
      [names.privateSubnet(az), env.privateSubnetCidrs[i], privateTable, false],
    ] as const) {
      const subnet = (
        await ec2.send(
          new CreateSubnetCommand({ VpcId: vpcId, AvailabilityZone: az, CidrBlock: cidr, TagSpecifications: named("subnet", name) }),
        )
      ).Subnet!.SubnetId!;
      ids[name] = subnet;
      await ec2.send(new AssociateRouteTableCommand({ SubnetId: subnet, RouteTableId: routeTable }));
      if (isPublic) await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: subnet, MapPublicIpOnLaunch: { Value: true } }));
      else privateSubnets.push(subnet);
    }
  }

  const groups = {} as Record<GroupKey, string>;
  for (const key of Object.keys(GROUPS) as GroupKey[]) {
    const name = names.securityGroups[key];
    groups[key] = (
      await ec2.send(
        new CreateSecurityGroupCommand({
          GroupName: name,
          Description: options.groupDescriptions?.[key] ?? GROUPS[key],
          VpcId: vpcId,
          TagSpecifications: named("security-group", name),
        }),
      )
    ).GroupId!;
    ids[name] = groups[key];
    if (options.removeDefaultEgress) {
      await ec2.send(
        new RevokeSecurityGroupEgressCommand({
          GroupId: groups[key],
          IpPermissions: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
        }),
      );
    }
  }
  for (const [group, direction, port, peer] of RULES) {
    const permission: IpPermission = {
      ...(port === "all" ? { IpProtocol: "-1" } : { IpProtocol: "tcp", FromPort: port, ToPort: port }),
      ...(peer in groups
        ? { UserIdGroupPairs: [{ GroupId: groups[peer as GroupKey] }] }
        : { IpRanges: [{ CidrIp: peer === "vpc-cidr" ? env.vpcCidr : peer }] }),
    };
    const input = { GroupId: groups[group], IpPermissions: [permission] };
    await (direction === "in"
      ? ec2.send(new AuthorizeSecurityGroupIngressCommand(input))
      : ec2.send(new AuthorizeSecurityGroupEgressCommand(input)));
  }

  ids[names.s3GatewayEndpoint] = (
    await ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpcId,
        ServiceName: fullServiceName(env.region, EndpointServiceName.S3, "Gateway"),
        VpcEndpointType: "Gateway",
        RouteTableIds: [privateTable],
        TagSpecifications: named("vpc-endpoint", names.s3GatewayEndpoint),
      }),
    )
  ).VpcEndpoint!.VpcEndpointId!;
  for (const { service } of ECR_AND_LOGS_ENDPOINTS) {
    const name = names.interfaceEndpoint(service);
    ids[name] = (
      await ec2.send(
        new CreateVpcEndpointCommand({
          VpcId: vpcId,
          ServiceName: fullServiceName(env.region, service, "Interface"),
          VpcEndpointType: "Interface",
          SubnetIds: privateSubnets,
          SecurityGroupIds: [groups.vpcEndpoints],
          PrivateDnsEnabled: true,
          TagSpecifications: named("vpc-endpoint", name),
        }),
      )
    ).VpcEndpoint!.VpcEndpointId!;
  }
  return ids;
}
