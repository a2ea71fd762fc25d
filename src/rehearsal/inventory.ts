import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  DescribeAddressesCommand,
  DescribeFlowLogsCommand,
  DescribeInternetGatewaysCommand,
  DescribeLaunchTemplatesCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import { EKSClient, ListClustersCommand } from "@aws-sdk/client-eks";
import {
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { IAMClient, ListRolesCommand } from "@aws-sdk/client-iam";
import { ListTopicsCommand, SNSClient } from "@aws-sdk/client-sns";

/** Where the emulator is, and the credentials it accepts. */
export interface ClientSettings {
  readonly region: string;
  readonly endpoint: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** What the account holds in the region, by kind: the ids of each. */
export type Inventory = Record<string, string[]>;

type Lister = (c: Clients) => Promise<(string | undefined)[]>;
type Clients = ReturnType<typeof clients>;

const clients = (s: ClientSettings) => ({
  ec2: new EC2Client(s),
  elb: new ElasticLoadBalancingV2Client(s),
  iam: new IAMClient(s),
  logs: new CloudWatchLogsClient(s),
  eks: new EKSClient(s),
  sns: new SNSClient(s),
  cloudwatch: new CloudWatchClient(s),
});

const gone = new Set(["deleted", "deleting", "failed"]);

/** Every kind of resource the stacks or the EKS hand-off create, listed the way an operator would check. */
const LISTERS: Record<string, Lister> = {
  VPCs: async ({ ec2 }) => ((await ec2.send(new DescribeVpcsCommand({}))).Vpcs ?? []).map((v) => v.VpcId),
  subnets: async ({ ec2 }) => ((await ec2.send(new DescribeSubnetsCommand({}))).Subnets ?? []).map((s) => s.SubnetId),
  "security groups": async ({ ec2 }) =>
    ((await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups ?? []).map((g) => g.GroupId),
  "route tables": async ({ ec2 }) => ((await ec2.send(new DescribeRouteTablesCommand({}))).RouteTables ?? []).map((t) => t.RouteTableId),
  "internet gateways": async ({ ec2 }) =>
    ((await ec2.send(new DescribeInternetGatewaysCommand({}))).InternetGateways ?? []).map((g) => g.InternetGatewayId),
  "NAT gateways": async ({ ec2 }) =>
    ((await ec2.send(new DescribeNatGatewaysCommand({}))).NatGateways ?? [])
      .filter((n) => !gone.has(n.State ?? ""))
      .map((n) => n.NatGatewayId),
  "Elastic IPs": async ({ ec2 }) => ((await ec2.send(new DescribeAddressesCommand({}))).Addresses ?? []).map((a) => a.AllocationId),
  "VPC endpoints": async ({ ec2 }) =>
    ((await ec2.send(new DescribeVpcEndpointsCommand({}))).VpcEndpoints ?? [])
      .filter((e) => !gone.has((e.State ?? "").toLowerCase()))
      .map((e) => e.VpcEndpointId),
  "flow logs": async ({ ec2 }) => ((await ec2.send(new DescribeFlowLogsCommand({}))).FlowLogs ?? []).map((f) => f.FlowLogId),
  "launch templates": async ({ ec2 }) =>
    ((await ec2.send(new DescribeLaunchTemplatesCommand({}))).LaunchTemplates ?? []).map((t) => t.LaunchTemplateId),
  "load balancers": async ({ elb }) =>
    ((await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? []).map((l) => l.LoadBalancerArn),
  "target groups": async ({ elb }) =>
    ((await elb.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? []).map((t) => t.TargetGroupArn),
  "IAM roles": async ({ iam }) => ((await iam.send(new ListRolesCommand({}))).Roles ?? []).map((r) => r.RoleName),
  "log groups": async ({ logs }) => ((await logs.send(new DescribeLogGroupsCommand({}))).logGroups ?? []).map((g) => g.logGroupName),
  "EKS clusters": async ({ eks }) => (await eks.send(new ListClustersCommand({}))).clusters ?? [],
  "SNS topics": async ({ sns }) => ((await sns.send(new ListTopicsCommand({}))).Topics ?? []).map((t) => t.TopicArn),
  "CloudWatch alarms": async ({ cloudwatch }) =>
    ((await cloudwatch.send(new DescribeAlarmsCommand({}))).MetricAlarms ?? []).map((a) => a.AlarmName),
};

/** Everything the listers see now (first pages; the rehearsal's account holds a few dozen things). */
export async function readInventory(settings: ClientSettings): Promise<Inventory> {
  const c = clients(settings);
  const entries = await Promise.all(
    Object.entries(LISTERS).map(async ([kind, list]) => [kind, (await list(c)).filter((id): id is string => Boolean(id)).sort()] as const),
  );
  return Object.fromEntries(entries);
}

/** What `after` holds that `before` did not, as "kind: id, id". */
export function leftBehind(before: Inventory, after: Inventory): string[] {
  return Object.entries(after).flatMap(([kind, ids]) => {
    const extra = ids.filter((id) => !(before[kind] ?? []).includes(id));
    return extra.length ? [`${kind}: ${extra.join(", ")}`] : [];
  });
}
