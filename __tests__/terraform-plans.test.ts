import * as fs from "fs";
import * as path from "path";
import { loadProjectConfig, loadProjectConfigFile } from "../src/config/load";
import { placeholderState } from "../src/terraform/placeholder-state";
import { CERTIFICATE_ARN, environment, synthDemoAlb, synthNetwork } from "./support/synth";
import { initializedWorkdir } from "./support/terraform";

const dev = loadProjectConfigFile(path.join(__dirname, "..", "config", "environments.json"), {}).environments.find(
  (e) => e.name === "dev",
)!;

const EVERY_SWITCH = environment({
  sagemakerRuntimeEndpoint: true,
  clusterFeatures: ["irsa", "pod-identity", "load-balancer-controller", "cluster-autoscaler", "eks-api"],
  extraInterfaceEndpoints: ["xray", "autoscaling"],
  endpointsPeerSecurityGroupId: "sg-0123456789abcdef0",
  flowLogKmsKeyArn: "arn:aws:kms:ap-southeast-1:123456789012:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
  s3EndpointAllowedBuckets: ["retail-models"],
  costAlarmThresholdUsd: 30,
  costAlarmEmail: "ops@example.com",
  eksClusterName: "retail-forecast",
});

/**
 * Several configurations validated and planned offline in one run each, as child modules of a
 * small root, so the provider starts once instead of once per configuration (Terraform warns that
 * the stacks' backend blocks are ignored there, which is expected).
 */
const MODULES: Record<string, Record<string, string>> = {
  network_dev: { "cdk.tf.json": synthNetwork(dev) },
  demo_alb_dev: { "cdk.tf.json": synthDemoAlb({ ...dev, certificateArn: CERTIFICATE_ARN }) },
  network_every_switch: { "cdk.tf.json": synthNetwork(EVERY_SWITCH) },
  // Derived defaults: the region alone, and a VPC CIDR with three zones.
  network_eu_west_1: {
    "cdk.tf.json": synthNetwork(
      loadProjectConfig({ file: { environments: { prod: {} } }, env: { MLOPS_REGION: "eu-west-1" } }).environments[0],
    ),
  },
  network_three_zones: {
    "cdk.tf.json": synthNetwork(
      environment({ vpcCidr: "10.3.0.0/16", availabilityZones: ["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"] }),
    ),
  },
  // The next step's side of the contract: plain Terraform reading the network's outputs by name.
  eks_handoff: { "main.tf": fs.readFileSync(path.join(__dirname, "..", "examples", "eks-handoff", "main.tf"), "utf8") },
};

describe("offline: the dev environment, every switch turned on, and the EKS hand-off example", () => {
  const root = {
    module: {
      ...Object.fromEntries(Object.keys(MODULES).map((name) => [name, { source: `./${name}` }])),
      eks_handoff: {
        source: "./eks_handoff",
        cluster_role_arn: "arn:aws:iam::123456789012:role/eks-cluster-placeholder",
        node_role_arn: "arn:aws:iam::123456789012:role/eks-nodes-placeholder",
      },
    },
    output: {
      every_switch_sagemaker_runtime: { value: "${module.network_every_switch.sagemaker_runtime_vpc_endpoint_id}" },
      eks_alb_controller_settings: { value: "${module.eks_handoff.alb_controller_settings}" },
    },
  };
  const files: Record<string, string> = { "main.tf.json": JSON.stringify(root) };
  for (const [module, contents] of Object.entries(MODULES)) {
    for (const [name, content] of Object.entries(contents)) files[`${module}/${name}`] = content;
  }
  // Network outputs as the network stack synthesizes them today, so renaming one breaks the
  // consumers planned here (demo-alb and the EKS example both read "network").
  const workdir = initializedWorkdir("plans", { files, remoteStates: { network: placeholderState(synthNetwork()) } });
  // planDetailed (plan file + terraform show) is what npm run preview uses.
  const plan = workdir.planDetailed();

  // Root modules used as child modules: their backends are ignored and their own provider blocks
  // are the legacy kind Terraform warns about. Standalone (as deployed) neither applies.
  const EXPECTED_WARNINGS = ["Backend configuration ignored", "Redundant empty provider block"];

  test("terraform validate of all four (demo-alb with a certificate): no errors, no warnings but those of stacks used as modules", () => {
    const result = workdir.validate();
    expect(result.valid).toBe(true);
    const diagnostics = result.diagnostics as { severity: string; summary: string; range?: { filename: string } }[];
    const unexpected = diagnostics.filter((d) => d.severity !== "warning" || !EXPECTED_WARNINGS.includes(d.summary));
    expect(unexpected.map((d) => `${d.severity}: ${d.summary} (${d.range?.filename})`)).toEqual([]);
  });

  test("network-dev: NAT egress instead of interface endpoints (one NAT, its EIP, the private route, HTTPS out)", () => {
    expect(plan.addByModule["module.network_dev"]).toMatchObject({
      aws_nat_gateway: 1,
      aws_eip: 1,
      aws_route: 2,
      aws_vpc_endpoint: 1,
      aws_vpc_security_group_egress_rule: 8,
    });
    expect(Object.values(plan.addByModule["module.network_dev"]).reduce((a, b) => a + b)).toBe(45 - 6 + 1 + 3);
  });

  test("MLOPS_REGION=eu-west-1 alone, and a VPC CIDR with three zones, plan", () => {
    expect(Object.values(plan.addByModule["module.network_eu_west_1"]).reduce((a, b) => a + b)).toBe(45);
    expect(plan.addByModule["module.network_three_zones"]).toMatchObject({ aws_subnet: 6, aws_route_table_association: 6 });
  });

  test("demo-alb-dev with a certificate: the ALB, its target group, the HTTP and HTTPS listeners", () => {
    expect(plan.addByModule["module.demo_alb_dev"]).toEqual({ aws_lb: 1, aws_lb_target_group: 1, aws_lb_listener: 2 });
  });

  test("every switch on: the endpoints, peer rule, KMS key, S3 policy and us-east-1 cost alarm", () => {
    expect(plan.addByModule["module.network_every_switch"]).toMatchObject({
      // S3, the seed's 3, every cluster feature's 6, sagemaker.runtime, xray (autoscaling once)
      aws_vpc_endpoint: 1 + 3 + 6 + 1 + 1,
      aws_vpc_security_group_ingress_rule: 10,
      aws_sns_topic: 1,
      aws_sns_topic_subscription: 1,
      aws_cloudwatch_metric_alarm: 1,
    });
    expect(plan.outputValues.every_switch_sagemaker_runtime).toBe("(known after apply)");
  });

  test("examples/eks-handoff: a private cluster and nodes in the network's private subnets and SGs", () => {
    expect(plan.addByModule["module.eks_handoff"]).toEqual({ aws_eks_cluster: 1, aws_launch_template: 1, aws_eks_node_group: 1 });
    expect(plan.outputValues.eks_alb_controller_settings).toEqual({
      vpc_id: "vpc-placeholder-vpc",
      public_subnet_ids: ["subnet-placeholder-public-subnet-ap-southeast-1a", "subnet-placeholder-public-subnet-ap-southeast-1b"],
      alb_security_group_id: "sg-placeholder-alb-sg",
      sagemaker_runtime_vpce: null,
    });
  });

  test("nothing else", () => {
    expect(Object.keys(plan.addByModule).sort()).toEqual([
      "module.demo_alb_dev",
      "module.eks_handoff",
      "module.network_dev",
      "module.network_eu_west_1",
      "module.network_every_switch",
      "module.network_three_zones",
    ]);
    expect(plan.change + plan.destroy).toBe(0);
  });
});

describe("examples/eks-handoff guards what the cluster needs from the network", () => {
  const example = fs.readFileSync(path.join(__dirname, "..", "examples", "eks-handoff", "main.tf"), "utf8");
  const variables = {
    cluster_role_arn: "arn:aws:iam::123456789012:role/eks-cluster-placeholder",
    node_role_arn: "arn:aws:iam::123456789012:role/eks-nodes-placeholder",
  };

  test("against the seed's three-endpoint network (no NAT) the plan fails with the precondition's message", () => {
    const seedNetwork = synthNetwork(environment({ endpointSet: "seed" }));
    const workdir = initializedWorkdir("eks-seed-network", {
      files: { "main.tf": example },
      variables,
      remoteStates: { network: placeholderState(seedNetwork) },
    });
    expect(() => workdir.plan()).toThrow(
      /The network has no NAT gateway and no interface endpoint for ec2, sts, elasticloadbalancing: nodes could not join or pull images/,
    );
  });
});
