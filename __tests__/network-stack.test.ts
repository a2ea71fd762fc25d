import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { EcrPullThroughCacheRule } from "@cdktf/provider-aws/lib/ecr-pull-through-cache-rule";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { NETWORK_OUTPUTS } from "../src/stacks/network-outputs";
import { environment, resources, synthNetwork } from "./support/synth";

const json = synthNetwork();
const ref = (type: string, name: string, attr = "id") => `\${${type}.${name}.${attr}}`;
const sg = (name: string) => ref("aws_security_group", name);

test("snapshot of the network stack", () => {
  expect(json).toMatchSnapshot();
});

test("AWS provider in ap-southeast-1 with project, environment and managed-by default tags", () => {
  expect(json).toHaveProviderWithProperties(AwsProvider, {
    region: "ap-southeast-1",
    default_tags: [{ tags: { project: "mlops-retail-forecast", environment: "prod", "managed-by": "cdktf" } }],
  });
});

test("VPC 10.0.0.0/16 with DNS hostnames and support, default tenancy, no IPv6", () => {
  expect(json).toHaveResourceWithProperties(Vpc, {
    cidr_block: "10.0.0.0/16",
    enable_dns_hostnames: true,
    enable_dns_support: true,
    instance_tenancy: "default",
    tags: { Name: "mlops-retail-forecast-hybrid-vpc" },
  });
  const vpc = Object.values(resources(json, "aws_vpc"))[0];
  expect(vpc.assign_generated_ipv6_cidr_block).toBeUndefined();
  expect(vpc.ipv6_cidr_block).toBeUndefined();
});

test.each([
  ["mlops-hybrid-public-alb-ap-southeast-1a", "ap-southeast-1a", "10.0.1.0/24", true],
  ["mlops-hybrid-public-alb-ap-southeast-1b", "ap-southeast-1b", "10.0.2.0/24", true],
  ["mlops-eks-private-workloads-ap-southeast-1a", "ap-southeast-1a", "10.0.101.0/24", false],
  ["mlops-eks-private-workloads-ap-southeast-1b", "ap-southeast-1b", "10.0.102.0/24", false],
])("subnet %s in %s is %s, public IPs on launch: %s", (name, az, cidr, publicIps) => {
  expect(json).toHaveResourceWithProperties(Subnet, {
    vpc_id: ref("aws_vpc", "vpc"),
    availability_zone: az,
    cidr_block: cidr,
    map_public_ip_on_launch: publicIps,
    tags: expect.objectContaining({ Name: name }),
  });
});

test("exactly four subnets", () => {
  expect(Object.keys(resources(json, "aws_subnet"))).toHaveLength(4);
});

test("internet gateway attached to the VPC", () => {
  expect(json).toHaveResourceWithProperties(InternetGateway, { vpc_id: ref("aws_vpc", "vpc"), tags: { Name: "mlops-hybrid-igw" } });
});

test("public route table: 0.0.0.0/0 to the IGW, both public subnets", () => {
  expect(json).toHaveResourceWithProperties(RouteTable, { vpc_id: ref("aws_vpc", "vpc"), tags: { Name: "mlops-hybrid-public-alb-rt" } });
  expect(json).toHaveResourceWithProperties(Route, {
    route_table_id: ref("aws_route_table", "public_route_table"),
    destination_cidr_block: "0.0.0.0/0",
    gateway_id: ref("aws_internet_gateway", "internet_gateway"),
  });
  for (const az of ["ap_southeast_1a", "ap_southeast_1b"]) {
    expect(json).toHaveResourceWithProperties(RouteTableAssociation, {
      subnet_id: ref("aws_subnet", `public_subnet_${az}`),
      route_table_id: ref("aws_route_table", "public_route_table"),
    });
  }
});

test("private route table: the local route only, both private subnets", () => {
  expect(json).toHaveResourceWithProperties(RouteTable, { tags: { Name: "mlops-hybrid-private-workloads-rt" } });
  const privateTable = resources(json, "aws_route_table").private_route_table;
  expect(privateTable.route).toBeUndefined();
  const routes = Object.values(resources(json, "aws_route"));
  expect(routes).toHaveLength(1);
  expect(routes[0].route_table_id).toBe(ref("aws_route_table", "public_route_table"));
  for (const az of ["ap_southeast_1a", "ap_southeast_1b"]) {
    expect(json).toHaveResourceWithProperties(RouteTableAssociation, {
      subnet_id: ref("aws_subnet", `private_subnet_${az}`),
      route_table_id: ref("aws_route_table", "private_route_table"),
    });
  }
});

test("no NAT gateway and no elastic IP anywhere", () => {
  const stack = JSON.parse(json);
  expect(Object.keys(stack.resource)).not.toContain("aws_nat_gateway");
  expect(Object.keys(stack.resource)).not.toContain("aws_eip");
  expect(json).not.toMatch(/nat_gateway/);
});

test.each([
  ["mlops-hybrid-alb-sg", "Security group for ALB public API demo access"],
  ["mlops-hybrid-eks-nodes-sg", "Security group for EKS worker nodes in private subnets"],
  ["mlops-hybrid-eks-control-plane-sg", "Security group for EKS control plane"],
  ["mlops-hybrid-vpc-endpoints-sg", "Security group for VPC endpoints (S3, ECR, SageMaker)"],
])("security group %s: name = Name tag, with a description, no inline rules", (name, description) => {
  expect(json).toHaveResourceWithProperties(SecurityGroup, { name, description, vpc_id: ref("aws_vpc", "vpc"), tags: { Name: name } });
  const group = Object.values(resources(json, "aws_security_group")).find((g) => g.name === name)!;
  expect(group.ingress).toBeUndefined();
  expect(group.egress).toBeUndefined();
});

test("exactly four security groups", () => {
  expect(Object.keys(resources(json, "aws_security_group"))).toHaveLength(4);
});

const tcp = (port: number) => ({ ip_protocol: "tcp", from_port: port, to_port: port });
const all = { ip_protocol: "-1" };
const S3_PREFIX_LIST = ref("aws_vpc_endpoint", "s3_gateway_endpoint", "prefix_list_id");

const INGRESS: [string, string, object, object][] = [
  ["ALB", "alb_sg", tcp(80), { cidr_ipv4: "0.0.0.0/0" }],
  ["ALB", "alb_sg", tcp(443), { cidr_ipv4: "0.0.0.0/0" }],
  ["EKS nodes", "eks_nodes_sg", tcp(80), { referenced_security_group_id: sg("alb_sg") }],
  ["EKS nodes", "eks_nodes_sg", tcp(443), { referenced_security_group_id: sg("alb_sg") }],
  ["EKS nodes", "eks_nodes_sg", all, { referenced_security_group_id: sg("eks_nodes_sg") }],
  ["EKS nodes", "eks_nodes_sg", all, { referenced_security_group_id: sg("eks_control_plane_sg") }],
  ["control plane", "eks_control_plane_sg", tcp(443), { referenced_security_group_id: sg("eks_nodes_sg") }],
  ["endpoints", "vpc_endpoints_sg", tcp(443), { referenced_security_group_id: sg("eks_nodes_sg") }],
  ["endpoints", "vpc_endpoints_sg", tcp(443), { cidr_ipv4: "10.0.0.0/16" }],
];
const EGRESS: [string, string, object, object][] = [
  // Exactly the ports the nodes admit from the ALB, not all traffic (IP targets: the pod's port).
  ["ALB", "alb_sg", tcp(80), { referenced_security_group_id: sg("eks_nodes_sg") }],
  ["ALB", "alb_sg", tcp(443), { referenced_security_group_id: sg("eks_nodes_sg") }],
  ["EKS nodes", "eks_nodes_sg", tcp(443), { referenced_security_group_id: sg("vpc_endpoints_sg") }],
  ["EKS nodes", "eks_nodes_sg", all, { referenced_security_group_id: sg("eks_nodes_sg") }],
  ["EKS nodes", "eks_nodes_sg", tcp(443), { prefix_list_id: S3_PREFIX_LIST }],
  ["EKS nodes", "eks_nodes_sg", tcp(443), { referenced_security_group_id: sg("eks_control_plane_sg") }],
  ["control plane", "eks_control_plane_sg", all, { referenced_security_group_id: sg("eks_nodes_sg") }],
];

test.each(INGRESS)("%s ingress rule %#", (_, group, protocol, peer) => {
  expect(json).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, {
    security_group_id: sg(group),
    ...protocol,
    ...peer,
    description: expect.stringMatching(/\w/),
  });
});

test.each(EGRESS)("%s egress rule %#", (_, group, protocol, peer) => {
  expect(json).toHaveResourceWithProperties(VpcSecurityGroupEgressRule, {
    security_group_id: sg(group),
    ...protocol,
    ...peer,
    description: expect.stringMatching(/\w/),
  });
});

test("no rules beyond the listed ones; only the ALB is open to 0.0.0.0/0", () => {
  const ingress = Object.values(resources(json, "aws_vpc_security_group_ingress_rule"));
  const egress = Object.values(resources(json, "aws_vpc_security_group_egress_rule"));
  expect(ingress).toHaveLength(INGRESS.length);
  expect(egress).toHaveLength(EGRESS.length);
  const open = [...ingress, ...egress].filter((r) => r.cidr_ipv4 === "0.0.0.0/0");
  expect(open.map((r) => [r.security_group_id, r.from_port])).toEqual([
    [sg("alb_sg"), 80],
    [sg("alb_sg"), 443],
  ]);
});

test("the two flows the walkthrough forgot say why they are there", () => {
  const egress = resources(json, "aws_vpc_security_group_egress_rule");
  expect(egress.eks_nodes_out_https_to_s3.description).toMatch(/prefix list/);
  expect(egress.eks_nodes_out_https_to_control_plane.description).toMatch(/cluster API/);
});

test("S3 gateway endpoint on the private route table only", () => {
  expect(json).toHaveResourceWithProperties(VpcEndpoint, {
    service_name: "com.amazonaws.ap-southeast-1.s3",
    vpc_endpoint_type: "Gateway",
    vpc_id: ref("aws_vpc", "vpc"),
    route_table_ids: [ref("aws_route_table", "private_route_table")],
    tags: { Name: "mlops-hybrid-s3-gateway-endpoint" },
  });
});

test.each([
  ["ecr.api", "mlops-hybrid-ecr-api-endpoint"],
  ["ecr.dkr", "mlops-hybrid-ecr-dkr-endpoint"],
  ["logs", "mlops-hybrid-logs-endpoint"],
])("interface endpoint %s: both private subnets, endpoints SG, private DNS", (service, name) => {
  expect(json).toHaveResourceWithProperties(VpcEndpoint, {
    service_name: `com.amazonaws.ap-southeast-1.${service}`,
    vpc_endpoint_type: "Interface",
    subnet_ids: [ref("aws_subnet", "private_subnet_ap_southeast_1a"), ref("aws_subnet", "private_subnet_ap_southeast_1b")],
    security_group_ids: [sg("vpc_endpoints_sg")],
    private_dns_enabled: true,
    tags: { Name: name },
  });
});

test("by default the walkthrough's four endpoints and what the default cluster features need (no SageMaker runtime)", () => {
  const services = Object.values(resources(json, "aws_vpc_endpoint")).map((e) => e.service_name);
  expect(services.sort()).toEqual(
    ["ec2", "ecr.api", "ecr.dkr", "elasticloadbalancing", "logs", "s3", "sts"].map((s) => `com.amazonaws.ap-southeast-1.${s}`),
  );
});

test("flow logs: ALL traffic to a log group with retention, through a role only flow logs can assume", () => {
  expect(json).toHaveResourceWithProperties(CloudwatchLogGroup, {
    name: "/aws/vpc-flow-logs/mlops-retail-forecast-hybrid-vpc",
    retention_in_days: 365,
  });
  expect(json).toHaveResourceWithProperties(FlowLog, {
    vpc_id: ref("aws_vpc", "vpc"),
    traffic_type: "ALL",
    log_destination_type: "cloud-watch-logs",
    log_destination: ref("aws_cloudwatch_log_group", "flow_log_group", "arn"),
    iam_role_arn: ref("aws_iam_role", "flow_log_role", "arn"),
  });
  expect(json).toHaveResource(IamRole);
  const role = resources(json, "aws_iam_role").flow_log_role;
  expect(JSON.parse(role.assume_role_policy)).toEqual({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "vpc-flow-logs.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: expect.objectContaining({ StringEquals: { "aws:SourceAccount": ref("aws_vpc", "vpc", "owner_id") } }),
      },
    ],
  });
  // Writes to its group only; "*" only for logs:DescribeLogGroups, which names no log group.
  const policy = JSON.parse(Object.values(resources(json, "aws_iam_role_policy"))[0].policy as string);
  expect(policy.Statement.map((s: { Action: unknown; Resource: unknown }) => [s.Action, s.Resource])).toEqual([
    [
      ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
      [ref("aws_cloudwatch_log_group", "flow_log_group", "arn"), `${ref("aws_cloudwatch_log_group", "flow_log_group", "arn")}:*`],
    ],
    ["logs:DescribeLogGroups", "*"],
  ]);
});

test("the default security group is managed with no rules", () => {
  expect(json).toHaveResourceWithProperties(DefaultSecurityGroup, { vpc_id: ref("aws_vpc", "vpc") });
  const group = Object.values(resources(json, "aws_default_security_group"))[0];
  expect(group.ingress).toBeUndefined();
  expect(group.egress).toBeUndefined();
});

const SEED_OUTPUTS = [
  "vpc_id",
  "vpc_cidr_block",
  "public_alb_subnet_ids",
  "private_workload_subnet_ids",
  "alb_security_group_id",
  "eks_nodes_security_group_id",
  "eks_control_plane_security_group_id",
  "s3_vpc_endpoint_id",
  "ecr_api_vpc_endpoint_id",
  "sagemaker_runtime_vpc_endpoint_id",
];

test("outputs: the walkthrough's names (docs/design.md#52-outputs), plus dkr, logs and the endpoints SG, each described", () => {
  const outputs = JSON.parse(json).output as Record<string, { value: unknown; description: string }>;
  for (const name of [...SEED_OUTPUTS, "ecr_dkr_vpc_endpoint_id", "logs_vpc_endpoint_id", "vpc_endpoints_security_group_id"]) {
    expect(outputs[name]).toBeDefined();
    expect(outputs[name].description).toMatch(/\w{3}/);
  }
  expect(outputs.vpc_id.value).toBe(ref("aws_vpc", "vpc"));
  expect(outputs.public_alb_subnet_ids.value).toEqual([
    ref("aws_subnet", "public_subnet_ap_southeast_1a"),
    ref("aws_subnet", "public_subnet_ap_southeast_1b"),
  ]);
  expect(outputs.eks_nodes_security_group_id.value).toBe(sg("eks_nodes_sg"));
  expect(outputs.ecr_dkr_vpc_endpoint_id.value).toBe(ref("aws_vpc_endpoint", "ecr_dkr_endpoint"));
  expect(outputs.sagemaker_runtime_vpc_endpoint_id.value).toBeNull();
});

test("region and the ECR Public cache prefix are outputs: the Load Balancer Controller's settings come from the network", () => {
  const outputs = JSON.parse(json).output as Record<string, { value: unknown }>;
  expect(outputs.region.value).toBe("ap-southeast-1");
  expect(outputs.ecr_public_cache_prefix.value).toBe(
    `${ref("aws_vpc", "vpc", "owner_id")}.dkr.ecr.ap-southeast-1.amazonaws.com/ecr-public`,
  );
  const off = JSON.parse(synthNetwork(environment({ ecrPullThroughCache: false }))).output;
  expect(off.ecr_public_cache_prefix.value).toBeNull();
});

describe("the ECR Public pull-through cache (on with the load-balancer-controller feature)", () => {
  test("one rule, public.ecr.aws cached under ecr-public/, no credentials (ECR Public needs none)", () => {
    expect(json).toHaveResourceWithProperties(EcrPullThroughCacheRule, {
      ecr_repository_prefix: "ecr-public",
      upstream_registry_url: "public.ecr.aws",
    });
    const rules = Object.values(resources(json, "aws_ecr_pull_through_cache_rule"));
    expect(rules).toHaveLength(1);
    expect(rules[0].credential_arn).toBeUndefined();
  });

  test("the registry policy grants exactly the first pull's two actions, on the cache's namespace only, to this account only", () => {
    const policies = Object.values(resources(json, "aws_ecr_registry_policy"));
    expect(policies).toHaveLength(1);
    expect(JSON.parse(policies[0].policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "FirstPullsThroughTheCache",
          Effect: "Allow",
          Principal: "*",
          Action: ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"],
          Resource: "arn:aws:ecr:ap-southeast-1:${aws_vpc.vpc.owner_id}:repository/ecr-public/*",
          Condition: { StringEquals: { "aws:PrincipalAccount": "${aws_vpc.vpc.owner_id}" } },
        },
      ],
    });
  });

  test("on without the controller feature too (the CloudWatch agent, Fluent Bit), off when turned off (MLOPS_ECR_PULL_THROUGH_CACHE=false, e.g. for moto)", () => {
    expect(
      Object.keys(resources(synthNetwork(environment({ clusterFeatures: ["irsa"] })), "aws_ecr_pull_through_cache_rule")),
    ).toHaveLength(1);
    const stack = synthNetwork(environment({ ecrPullThroughCache: false }));
    expect(Object.keys(resources(stack, "aws_ecr_pull_through_cache_rule"))).toEqual([]);
    expect(Object.keys(resources(stack, "aws_ecr_registry_policy"))).toEqual([]);
  });
});

test("the outputs table lists the walkthrough's ten names first, as the README says", () => {
  expect(NETWORK_OUTPUTS.slice(0, 10).map((o) => o.name)).toEqual(SEED_OUTPUTS);
});

test("local state at the project root, by a relative path", () => {
  expect(JSON.parse(json).terraform.backend).toEqual({ local: { path: "../../../terraform.network.tfstate" } });
});
