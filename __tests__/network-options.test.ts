import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { DataTerraformRemoteStateS3 } from "cdktf";
import { environment, resources, synthDemoAlb, synthNetwork } from "./support/synth";

const seed = synthNetwork();
const services = (json: string) => Object.values(resources(json, "aws_vpc_endpoint")).map((e) => e.service_name.split(".").slice(3).join("."));

describe("EKS readiness", () => {
  test("load balancer discovery tags on by default", () => {
    expect(seed).toHaveResourceWithProperties(Subnet, { cidr_block: "10.0.1.0/24", tags: { Name: "mlops-hybrid-public-alb-ap-southeast-1a", "kubernetes.io/role/elb": "1" } });
    expect(seed).toHaveResourceWithProperties(Subnet, { cidr_block: "10.0.101.0/24", tags: { Name: "mlops-eks-private-workloads-ap-southeast-1a", "kubernetes.io/role/internal-elb": "1" } });
  });

  test("a cluster name adds the shared cluster tag; the switch turns the role tags off", () => {
    const tagged = synthNetwork(environment({ eksClusterName: "retail-forecast" }));
    expect(tagged).toHaveResourceWithProperties(Subnet, { cidr_block: "10.0.102.0/24", tags: expect.objectContaining({ "kubernetes.io/cluster/retail-forecast": "shared" }) });
    const plain = synthNetwork(environment({ eksSubnetTags: false }));
    expect(plain).not.toMatch(/kubernetes\.io/);
  });

  test("the SageMaker runtime endpoint is off by default, and its output carries the id when on", () => {
    expect(services(seed)).not.toContain("sagemaker.runtime");
    const on = synthNetwork(environment({ sagemakerRuntimeEndpoint: true }));
    expect(on).toHaveResourceWithProperties(VpcEndpoint, {
      service_name: "com.amazonaws.ap-southeast-1.sagemaker.runtime",
      vpc_endpoint_type: "Interface",
      private_dns_enabled: true,
      tags: { Name: "mlops-hybrid-sagemaker-runtime-endpoint" },
    });
    expect(JSON.parse(on).output.sagemaker_runtime_vpc_endpoint_id.value).toBe("${aws_vpc_endpoint.sagemaker_runtime_endpoint.id}");
  });

  test("the private-cluster switch adds ec2, sts, elasticloadbalancing and eks-auth", () => {
    const json = synthNetwork(environment({ eksPrivateClusterEndpoints: true }));
    expect(services(json).sort()).toEqual(["ec2", "ecr.api", "ecr.dkr", "eks-auth", "elasticloadbalancing", "logs", "s3", "sts"]);
    expect(JSON.parse(json).output.interface_vpc_endpoint_ids.value.sts).toBe("${aws_vpc_endpoint.sts_endpoint.id}");
  });

  test("extra endpoints are added once each, even when a switch adds them too", () => {
    const json = synthNetwork(environment({ sagemakerRuntimeEndpoint: true, extraInterfaceEndpoints: ["xray", "sagemaker.runtime"] }));
    expect(services(json).filter((s) => s === "sagemaker.runtime")).toHaveLength(1);
    expect(services(json)).toContain("xray");
  });

  test("the seed's 'SageMaker SG' rule exists only with a peered SG id", () => {
    expect(Object.keys(resources(seed, "aws_vpc_security_group_ingress_rule"))).not.toContain("vpc_endpoints_in_https_from_peer");
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
    const json = synthNetwork(environment({ flowLogRetentionDays: 365, flowLogKmsKeyArn: key }));
    expect(json).toHaveResourceWithProperties(CloudwatchLogGroup, { retention_in_days: 365, kms_key_id: key });
    expect(Object.values(resources(seed, "aws_cloudwatch_log_group"))[0].kms_key_id).toBeUndefined();
  });

  test("the S3 endpoint keeps the seed's full access by default, or allows only named buckets and ECR layers", () => {
    expect(resources(seed, "aws_vpc_endpoint").s3_gateway_endpoint.policy).toBeUndefined();
    const json = synthNetwork(environment({ s3EndpointAllowedBuckets: ["retail-models"] }));
    const policy = JSON.parse(resources(json, "aws_vpc_endpoint").s3_gateway_endpoint.policy);
    expect(policy.Statement.flatMap((s: { Resource: string[] }) => s.Resource)).toEqual([
      "arn:aws:s3:::retail-models",
      "arn:aws:s3:::retail-models/*",
      "arn:aws:s3:::prod-ap-southeast-1-starport-layer-bucket/*",
    ]);
  });

  test("the cost alarm is optional and lives in us-east-1 through an aliased provider", () => {
    expect(JSON.parse(seed).resource.aws_cloudwatch_metric_alarm).toBeUndefined();
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
    expect(json).toHaveResourceWithProperties(SnsTopicSubscription, { provider: "aws.billing", protocol: "email", endpoint: "ops@example.com" });
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
      s3: { bucket: "team-tf-state", key: "mlops-retail-forecast/network.tfstate", region: "ap-southeast-1", encrypt: true, use_lockfile: true },
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
      environment({ namePrefix: "mlops-dev", vpcCidr: "10.1.0.0/16", publicSubnetCidrs: ["10.1.1.0/24", "10.1.2.0/24"], privateSubnetCidrs: ["10.1.101.0/24", "10.1.102.0/24"] }, "dev"),
    );
    expect(dev).toMatch(/"mlops-dev-retail-forecast-hybrid-vpc"/);
    expect(dev).toMatch(/"10\.1\.101\.0\/24"/);
    expect(dev).not.toMatch(/"10\.0\./);
    expect(Object.keys(JSON.parse(dev).resource)).toEqual(Object.keys(JSON.parse(seed).resource));
  });
});
