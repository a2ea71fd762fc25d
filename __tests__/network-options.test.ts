import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { DataTerraformRemoteStateS3 } from "cdktn";
import { alwaysCreatedServices, ECR_AND_LOGS_ENDPOINTS } from "../src/config/endpoint-catalog";
import { CLUSTER_FEATURES } from "../src/eks/cluster-requirements";
import { albToPodPorts } from "../src/network/security-group-rules";
import { environment, resources, synthDemoAlb, synthNetwork } from "./support/synth";

const defaults = synthNetwork();
const services = (json: string) =>
  Object.values(resources(json, "aws_vpc_endpoint")).map((e) => e.service_name.split(".").slice(3).join("."));

describe("EKS readiness", () => {
  /** Each subnet's tier (public: it gives public IPs) and tags. */
  const subnetTags = (json: string) =>
    Object.values(resources(json, "aws_subnet")).map((s) => [s.map_public_ip_on_launch ? "public" : "private", s.tags]);

  test("load balancer discovery tags on by default: internet-facing load balancers in the public subnets, internal ones in the private", () => {
    expect(subnetTags(defaults)).toEqual(
      subnetTags(defaults).map(([tier]) => [
        tier,
        expect.objectContaining(tier === "public" ? { "kubernetes.io/role/elb": "1" } : { "kubernetes.io/role/internal-elb": "1" }),
      ]),
    );
  });

  test("a cluster name adds the shared cluster tag; the switch turns the role tags off", () => {
    const tagged = synthNetwork(environment({ eksClusterName: "retail-forecast" }));
    expect(subnetTags(tagged).map(([, tags]) => tags["kubernetes.io/cluster/retail-forecast"])).toEqual(
      subnetTags(tagged).map(() => "shared"),
    );
    const plain = synthNetwork(environment({ eksSubnetTags: false }));
    expect(plain).not.toMatch(/kubernetes\.io/);
  });

  test("the SageMaker runtime endpoint is off by default, and its output carries the id when on", () => {
    expect(services(defaults)).not.toContain("sagemaker.runtime");
    const on = synthNetwork(environment({ sagemakerRuntimeEndpoint: true }));
    expect(on).toHaveResourceWithProperties(VpcEndpoint, {
      service_name: "com.amazonaws.ap-southeast-1.sagemaker.runtime",
      vpc_endpoint_type: "Interface",
    });
    expect(JSON.parse(on).output.sagemaker_runtime_vpc_endpoint_id.value).toBe("${aws_vpc_endpoint.sagemaker_runtime_endpoint.id}");
  });

  // The endpoint lists come from the catalog (src/config/endpoint-catalog.ts); the default list
  // itself is pinned once, by the snapshot of network-stack.test.ts.
  const created = (settings: Record<string, unknown>) => ["s3", ...alwaysCreatedServices(environment(settings))].sort();

  test("by default the endpoints a private cluster with IRSA and the Load Balancer Controller needs", () => {
    expect(services(defaults).sort()).toEqual(created({}));
    expect(services(defaults)).toEqual(expect.arrayContaining(["ec2", "sts", "elasticloadbalancing"]));
    expect(JSON.parse(defaults).output.interface_vpc_endpoint_ids.value.sts).toBe("${aws_vpc_endpoint.sts_endpoint.id}");
  });

  test("each cluster feature adds its endpoint; endpointSet ecr-and-logs keeps only the walkthrough's three", () => {
    const all = synthNetwork(environment({ clusterFeatures: [...CLUSTER_FEATURES] }));
    expect(services(all).sort()).toEqual(created({ clusterFeatures: [...CLUSTER_FEATURES] }));
    expect(services(all)).toEqual(expect.arrayContaining(["autoscaling", "eks", "eks-auth"]));
    const ecrAndLogsSet = services(synthNetwork(environment({ endpointSet: "ecr-and-logs" }))).sort();
    expect(ecrAndLogsSet).toEqual(["s3", ...ECR_AND_LOGS_ENDPOINTS.map((e) => e.service)].sort());
  });

  test("NAT egress: one NAT with its EIP in the first public subnet, the private route to it, the S3 gateway kept", () => {
    const json = synthNetwork(environment({ egress: "nat-gateway" }));
    expect(services(json)).toEqual(["s3"]);
    expect(resources(json, "aws_nat_gateway").nat_gateway).toMatchObject({
      subnet_id: "${aws_subnet.public_subnet_ap_southeast_1a.id}",
      allocation_id: "${aws_eip.nat_gateway_eip.allocation_id}",
    });
    expect(resources(json, "aws_route").private_nat_route).toMatchObject({
      route_table_id: "${aws_route_table.private_route_table.id}",
      destination_cidr_block: "0.0.0.0/0",
      nat_gateway_id: "${aws_nat_gateway.nat_gateway.id}",
    });
    expect(resources(json, "aws_vpc_security_group_egress_rule").eks_nodes_out_https_to_internet).toMatchObject({
      cidr_ipv4: "0.0.0.0/0",
      from_port: 443,
    });
    expect(resources(defaults, "aws_nat_gateway")).toEqual({});
    expect(resources(defaults, "aws_vpc_security_group_egress_rule").eks_nodes_out_https_to_internet).toBeUndefined();
    expect(JSON.parse(json).output.private_egress.value).toBe("nat-gateway");
  });

  test("with no interface endpoint there is no endpoints group: not it, its rules, the nodes' egress to it; its output is null", () => {
    const json = synthNetwork(environment({ egress: "nat-gateway" }));
    expect(Object.keys(resources(json, "aws_security_group")).sort()).toEqual(["alb_sg", "eks_control_plane_sg", "eks_nodes_sg"]);
    const rules = [
      ...Object.keys(resources(json, "aws_vpc_security_group_ingress_rule")),
      ...Object.keys(resources(json, "aws_vpc_security_group_egress_rule")),
    ];
    expect(rules.filter((r) => r.includes("endpoints"))).toEqual([]);
    expect(JSON.parse(json).output.vpc_endpoints_security_group_id.value).toBeNull();
    // One extra endpoint brings the group and its rules back.
    const withXray = synthNetwork(environment({ egress: "nat-gateway", extraInterfaceEndpoints: ["xray"] }));
    expect(resources(withXray, "aws_security_group").vpc_endpoints_sg).toBeDefined();
    expect(resources(withXray, "aws_vpc_security_group_egress_rule").eks_nodes_out_https_to_endpoints).toBeDefined();
    expect(JSON.parse(withXray).output.vpc_endpoints_security_group_id.value).toBe("${aws_security_group.vpc_endpoints_sg.id}");
  });

  test("apiTargetPort: the ALB reaches the pods on ALB_TO_POD_PORTS and that port, and on nothing else", () => {
    const rulesFor = (ports: number[]) => ports.map((p) => ["tcp", p, p]).sort();
    const json = synthNetwork(environment({ apiTargetPort: 8080 }));
    const fromAlb = Object.values(resources(json, "aws_vpc_security_group_ingress_rule")).filter(
      (r) => r.referenced_security_group_id === "${aws_security_group.alb_sg.id}",
    );
    const albOut = Object.values(resources(json, "aws_vpc_security_group_egress_rule")).filter(
      (r) => r.security_group_id === "${aws_security_group.alb_sg.id}",
    );
    for (const rules of [fromAlb, albOut]) {
      expect(rules.map((r) => [r.ip_protocol, r.from_port, r.to_port]).sort()).toEqual(rulesFor(albToPodPorts(8080)));
    }
    const defaultAlbOut = Object.values(resources(defaults, "aws_vpc_security_group_egress_rule")).filter(
      (r) => r.security_group_id === "${aws_security_group.alb_sg.id}",
    );
    expect(defaultAlbOut.map((r) => r.from_port).sort()).toEqual(albToPodPorts().sort());
  });

  test("protect puts prevent_destroy on the VPC, the subnets, the security groups and the flow-log group, not on endpoints", () => {
    const lifecycles = (json: string, type: string) =>
      Object.values(resources(json, type)).map((r) => r.lifecycle?.prevent_destroy ?? false);
    for (const type of ["aws_vpc", "aws_subnet", "aws_security_group", "aws_cloudwatch_log_group"]) {
      expect(lifecycles(defaults, type).every(Boolean)).toBe(true);
      expect(lifecycles(synthNetwork(environment({ protect: false })), type).some(Boolean)).toBe(false);
    }
    expect(lifecycles(defaults, "aws_vpc_endpoint").some(Boolean)).toBe(false);
  });

  test("extra endpoints are added once each, even when a switch adds them too", () => {
    const json = synthNetwork(environment({ sagemakerRuntimeEndpoint: true, extraInterfaceEndpoints: ["xray", "sagemaker.runtime"] }));
    expect(services(json).filter((s) => s === "sagemaker.runtime")).toHaveLength(1);
    expect(services(json)).toContain("xray");
  });

  test("the walkthrough's 'SageMaker SG' rule exists only with a peered SG id", () => {
    expect(Object.keys(resources(defaults, "aws_vpc_security_group_ingress_rule"))).not.toContain("vpc_endpoints_in_https_from_peer");
    const json = synthNetwork(environment({ endpointsPeerSecurityGroupId: "sg-0123456789abcdef0" }));
    expect(json).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, {
      security_group_id: "${aws_security_group.vpc_endpoints_sg.id}",
      referenced_security_group_id: "sg-0123456789abcdef0",
      ip_protocol: "tcp",
      from_port: 443,
      to_port: 443,
      description: expect.stringMatching(/peering/),
    });
  });
});

describe("security options", () => {
  test("flow-log retention and KMS key from configuration", () => {
    const key = "arn:aws:kms:ap-southeast-1:123456789012:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    // Not the default retention, so that the setting shows.
    const json = synthNetwork(environment({ flowLogRetentionDays: 90, flowLogKmsKeyArn: key }));
    expect(json).toHaveResourceWithProperties(CloudwatchLogGroup, { retention_in_days: 90, kms_key_id: key });
    expect(Object.values(resources(defaults, "aws_cloudwatch_log_group"))[0].kms_key_id).toBeUndefined();
  });

  test("the S3 endpoint allows this account's buckets and the AWS buckets nodes read, or only named ones, or (open) anything", () => {
    const policy = (json: string) => JSON.parse(resources(json, "aws_vpc_endpoint").s3_gateway_endpoint.policy);
    const aws = ["arn:aws:s3:::prod-ap-southeast-1-starport-layer-bucket/*", "arn:aws:s3:::al2023-repos-ap-southeast-1-de612dc2/*"];
    expect(policy(defaults).Statement).toEqual([
      expect.objectContaining({
        Resource: "*",
        Condition: {
          StringEquals: { "aws:PrincipalAccount": "${aws_vpc.vpc.owner_id}", "aws:ResourceAccount": "${aws_vpc.vpc.owner_id}" },
        },
      }),
      expect.objectContaining({ Action: "s3:GetObject", Resource: aws }),
    ]);
    const named = policy(synthNetwork(environment({ s3EndpointAllowedBuckets: ["retail-models"] })));
    expect(named.Statement.flatMap((s: { Resource: string[] }) => s.Resource)).toEqual([
      "arn:aws:s3:::retail-models",
      "arn:aws:s3:::retail-models/*",
      ...aws,
    ]);
    expect(
      resources(synthNetwork(environment({ s3EndpointAccess: "open" })), "aws_vpc_endpoint").s3_gateway_endpoint.policy,
    ).toBeUndefined();
  });

  test("only this account's flow logs may assume the flow-log role (confused deputy)", () => {
    const trust = JSON.parse(resources(defaults, "aws_iam_role").flow_log_role.assume_role_policy);
    expect(trust.Statement[0].Condition).toEqual({
      StringEquals: { "aws:SourceAccount": "${aws_vpc.vpc.owner_id}" },
      ArnLike: { "aws:SourceArn": "arn:aws:ec2:ap-southeast-1:${aws_vpc.vpc.owner_id}:vpc-flow-log/*" },
    });
  });

  test("the cost alarm is optional and lives in us-east-1 through an aliased provider", () => {
    expect(JSON.parse(defaults).resource.aws_cloudwatch_metric_alarm).toBeUndefined();
    const json = synthNetwork(environment({ costAlarmThresholdUsd: 30, costAlarmEmail: "ops@example.com" }));
    expect(json).toHaveProviderWithProperties(AwsProvider, { alias: "billing", region: "us-east-1" });
    expect(json).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      provider: "aws.billing",
      namespace: "AWS/Billing",
      metric_name: "EstimatedCharges",
      dimensions: { Currency: "USD", ServiceName: "AmazonVPC" },
      threshold: 30,
      comparison_operator: "GreaterThanThreshold",
    });
    expect(json).toHaveResourceWithProperties(SnsTopicSubscription, {
      provider: "aws.billing",
      protocol: "email",
      endpoint: "ops@example.com",
    });
  });

  test("extra tags join the default tags", () => {
    expect(synthNetwork(environment({ tags: { team: "mlops" } }))).toHaveProviderWithProperties(AwsProvider, {
      default_tags: [{ tags: { project: "mlops-retail-forecast", environment: "prod", "managed-by": "cdktf", team: "mlops" } }],
    });
  });
});

describe("state backends", () => {
  const s3 = environment({ state: { backend: "s3", bucket: "team-tf-state", region: "ap-southeast-1" } });

  test("an S3 backend with Terraform's lock file, one key per stack", () => {
    expect(JSON.parse(synthNetwork(s3)).terraform.backend).toEqual({
      s3: {
        bucket: "team-tf-state",
        key: "mlops-retail-forecast/network.tfstate",
        region: "ap-southeast-1",
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  test("the demo-alb stack reads the network from the same S3 bucket", () => {
    expect(synthDemoAlb(s3)).toHaveDataSourceWithProperties(DataTerraformRemoteStateS3, {
      backend: "s3",
      config: { bucket: "team-tf-state", key: "mlops-retail-forecast/network.tfstate", region: "ap-southeast-1", encrypt: true },
    });
  });
});

describe("environments", () => {
  test("dev differs from prod only where its configuration says", () => {
    const dev = synthNetwork(
      environment(
        {
          namePrefix: "mlops-dev",
          vpcCidr: "10.1.0.0/16",
          publicSubnetCidrs: ["10.1.1.0/24", "10.1.2.0/24"],
          privateSubnetCidrs: ["10.1.101.0/24", "10.1.102.0/24"],
        },
        "dev",
      ),
    );
    expect(dev).toMatch(/"mlops-dev-retail-forecast-hybrid-vpc"/);
    expect(dev).toMatch(/"10\.1\.101\.0\/24"/);
    expect(dev).not.toMatch(/"10\.0\./);
    expect(Object.keys(JSON.parse(dev).resource)).toEqual(Object.keys(JSON.parse(defaults).resource));
  });
});
