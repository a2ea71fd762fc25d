import * as fs from "fs";
import * as path from "path";
import { loadProjectConfig, loadProjectConfigFile } from "../src/config/load";
import { AWS_PROVIDER } from "../src/offline/cli-config";
import { placeholderState } from "../src/offline/placeholder-state";
import { DetailedPlan, detailedPlan, Diagnostic, TerraformPlan } from "../src/offline/plan-summary";
import { diagnosticText } from "../src/offline/workdir";
import { CERTIFICATE_ARN, environment, synthDemoAlb, synthNetwork } from "./support/synth";
import { initializedWorkdir, outcome, TestRun, testRuns } from "./support/terraform";
import { DEMO_MOCK_PROVIDER, demoOutputsRun } from "./support/demo-alb-test";

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
  // The provider's allowed_account_ids: the offline override must unset it, or no offline plan could run.
  accountId: "123456789012",
});

/**
 * What the default network is made of, resource by resource: the seed's 41 plus the endpoints a
 * private cluster needs (ec2, sts, elasticloadbalancing) and the ALB's egress split by port.
 */
const DEFAULT_NETWORK = {
  aws_vpc: 1,
  aws_default_security_group: 1,
  aws_internet_gateway: 1,
  aws_route_table: 2,
  aws_route: 1,
  aws_subnet: 4,
  aws_route_table_association: 4,
  aws_security_group: 4,
  aws_vpc_security_group_ingress_rule: 9,
  aws_vpc_security_group_egress_rule: 7,
  aws_vpc_endpoint: 7,
  aws_cloudwatch_log_group: 1,
  aws_iam_role: 1,
  aws_iam_role_policy: 1,
  aws_flow_log: 1,
};

const EKS_VARIABLES = {
  cluster_role_arn: "arn:aws:iam::123456789012:role/eks-cluster-placeholder",
  node_role_arn: "arn:aws:iam::123456789012:role/eks-nodes-placeholder",
};
const EKS_HANDOFF = fs.readFileSync(path.join(__dirname, "..", "examples", "eks-handoff", "main.tf"), "utf8");

/**
 * Configurations planned offline with the real provider, as child modules of a small root: the
 * provider's schema is loaded once instead of once per configuration, which is most of a plan's time.
 * Terraform warns that the stacks' backend blocks are ignored there, which is expected.
 */
const MODULES: Record<string, Record<string, string>> = {
  network: { "cdk.tf.json": synthNetwork() },
  demo_alb: { "cdk.tf.json": synthDemoAlb() },
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
  eks_handoff: { "main.tf": EKS_HANDOFF },
};

/** Configurations that must not plan, each the root of a run of its own (not modules of the root). */
const MUST_NOT_PLAN: Record<string, { files: Record<string, string>; variables?: Record<string, string> }> = {
  // The EKS example against the seed's three-endpoint network (no NAT): its precondition stops it.
  eks_against_seed_network: { files: { "main.tf": EKS_HANDOFF }, variables: EKS_VARIABLES },
  // The demo against a network state without an output it reads: proof that the state given is the one read.
  demo_against_incomplete_state: { files: { "cdk.tf.json": synthDemoAlb() } },
};

/** The files of `modules`, each in its folder. */
function folders(modules: Record<string, Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(modules).flatMap(([module, contents]) =>
      Object.entries(contents).map(([name, content]) => [`${module}/${name}`, content]),
    ),
  );
}

/** A root holding `modules` with `extra` arguments for some of them, and root outputs. */
function rootOf(modules: Record<string, Record<string, string>>, extra: Record<string, object>, output: object) {
  const module = Object.fromEntries(Object.keys(modules).map((name) => [name, { source: `./${name}`, ...extra[name] }]));
  return { "main.tf.json": JSON.stringify({ module, output }), ...folders(modules) };
}

/** A run that plans the configuration in folder `name`, with `variables`. */
function planRun(name: string, variables: Record<string, string> = {}): string {
  const values = Object.entries(variables).map(([k, v]) => `    ${k} = ${JSON.stringify(v)}\n`);
  return `run "${name}" {\n  command = plan\n  module {\n    source = "./${name}"\n  }\n  variables {\n${values.join("")}  }\n}\n`;
}

/**
 * Everything this file asks of terraform, in one `terraform test` run, so that the provider's schema
 * is loaded once. A file's runs share a state and a run that errs skips the rest of its file, so:
 *   - plans.tftest.hcl: the root of MODULES planned with the real provider;
 *   - demo_alb.tftest.hcl: the demo planned with a mock provider, without and with a certificate;
 *   - one file per configuration that must not plan.
 */
const TEST_FILES: Record<string, string> = {
  "plans.tftest.hcl": `run "plans" {\n  command = plan\n}\n`,
  "demo_alb.tftest.hcl": DEMO_MOCK_PROVIDER + demoOutputsRun("http", "./demo_alb") + demoOutputsRun("https", "./demo_alb_dev"),
  ...Object.fromEntries(Object.entries(MUST_NOT_PLAN).map(([name, { variables }]) => [`${name}.tftest.hcl`, planRun(name, variables)])),
};

let runs: Record<string, TestRun>;
let loading: Diagnostic[];

beforeAll(async () => {
  const network = placeholderState(synthNetwork()) as { outputs: Record<string, unknown> };
  const { public_alb_subnet_ids: _, ...withoutSubnets } = network.outputs;
  const files = {
    ...rootOf(
      MODULES,
      { eks_handoff: EKS_VARIABLES },
      {
        network_sagemaker_runtime: { value: "${module.network.sagemaker_runtime_vpc_endpoint_id}" },
        network_vpc_id: { value: "${module.network.vpc_id}" },
        every_switch_sagemaker_runtime: { value: "${module.network_every_switch.sagemaker_runtime_vpc_endpoint_id}" },
        eks_alb_controller_settings: { value: "${module.eks_handoff.alb_controller_settings}" },
      },
    ),
    ...folders(Object.fromEntries(Object.entries(MUST_NOT_PLAN).map(([name, { files }]) => [name, files]))),
  };
  const workdir = await initializedWorkdir("terraform", {
    files,
    // Network outputs as the network stack synthesizes them today, so renaming one breaks the
    // consumers planned here (demo-alb and the EKS example both read "network").
    remoteStates: {
      network: network,
      "eks_against_seed_network/network": placeholderState(synthNetwork(environment({ endpointSet: "seed" }))),
      "demo_against_incomplete_state/network": { ...network, outputs: withoutSubnets },
    },
    testFiles: TEST_FILES,
  });
  ({ runs, loading } = testRuns(await workdir.testRuns("-verbose")));
});

test("every test file ran, and nothing else", () => {
  expect(Object.keys(runs).sort()).toEqual(["eks_against_seed_network", "demo_against_incomplete_state", "http", "https", "plans"].sort());
});

describe("offline: the default environment, dev, every switch turned on, and the EKS hand-off example", () => {
  let plan: DetailedPlan;
  beforeAll(() => {
    // Without a plan, every test below would fail on it: say why once, in terraform's words.
    if (!runs.plans?.plan) {
      const loadErrors = loading.filter((d) => d.severity === "error").map(diagnosticText);
      throw new Error(`the plans run printed no plan: ${JSON.stringify(outcome(runs.plans), null, 2)}\n${loadErrors.join("\n")}`);
    }
    // As terraform show -json prints it: the same summary npm run preview makes of its plans.
    plan = detailedPlan(runs.plans.plan as TerraformPlan);
  });

  // Root modules used as child modules: their backends are ignored and their own provider blocks
  // are the legacy kind Terraform warns about. Standalone (as deployed) neither applies.
  const EXPECTED_WARNINGS = ["Backend configuration ignored", "Redundant empty provider block"];

  test("terraform plan: no errors, no warnings but those of stacks used as modules", () => {
    expect(runs.plans.status).toBe("pass");
    expect(loading.map((d) => d.summary)).toEqual(expect.arrayContaining(EXPECTED_WARNINGS));
    const unexpected = [...loading, ...runs.plans.diagnostics].filter(
      (d) => d.severity !== "warning" || !EXPECTED_WARNINGS.includes(d.summary),
    );
    expect(unexpected.map((d) => `${d.severity}: ${d.summary} (${d.range?.filename})`)).toEqual([]);
  });
  test("the default network: the seed's resources and the cluster's endpoints, 45 in all; its outputs are known or null", () => {
    expect(plan.addByModule["module.network"]).toEqual(DEFAULT_NETWORK);
    expect(Object.values(plan.addByModule["module.network"]).reduce((a, b) => a + b)).toBe(45);
    expect(plan.outputValues.network_sagemaker_runtime).toBeNull();
    expect(plan.outputValues.network_vpc_id).toBe("(known after apply)");
  });

  test("network-dev: NAT egress instead of interface endpoints (one NAT, its EIP, the private route, HTTPS out), so no endpoints group", () => {
    expect(plan.addByModule["module.network_dev"]).toMatchObject({
      aws_nat_gateway: 1,
      aws_eip: 1,
      aws_route: 2,
      aws_vpc_endpoint: 1,
      aws_security_group: 3,
      aws_vpc_security_group_ingress_rule: 9 - 2,
      aws_vpc_security_group_egress_rule: 7 - 1 + 1,
    });
    // 6 interface endpoints and the endpoints group with its 3 rules out; NAT, EIP, route and HTTPS out in.
    expect(Object.values(plan.addByModule["module.network_dev"]).reduce((a, b) => a + b)).toBe(45 - 6 - 4 + 4);
  });

  test("MLOPS_REGION=eu-west-1 alone, and a VPC CIDR with three zones, plan", () => {
    expect(Object.values(plan.addByModule["module.network_eu_west_1"]).reduce((a, b) => a + b)).toBe(45);
    expect(plan.addByModule["module.network_three_zones"]).toMatchObject({ aws_subnet: 6, aws_route_table_association: 6 });
  });

  test("demo-alb: the ALB, its target group and the listeners (HTTP only without a certificate, HTTP and HTTPS with one)", () => {
    expect(plan.addByModule["module.demo_alb"]).toEqual({ aws_lb: 1, aws_lb_target_group: 1, aws_lb_listener: 1 });
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
    expect(Object.keys(plan.addByModule).sort()).toEqual(
      Object.keys(MODULES)
        .map((m) => `module.${m}`)
        .sort(),
    );
    expect(plan.change + plan.destroy).toBe(0);
  });
});

test("examples/eks-handoff pins the provider the stacks are built for", () => {
  expect(EKS_HANDOFF).toMatch(new RegExp(`source += "hashicorp/aws"\\n +version += "${AWS_PROVIDER.version.replace(/\./g, "\\.")}"`));
});

/** Plans that must fail: each run's error is the one expected. */
describe("what must not plan", () => {
  const errors = (run: string): Diagnostic[] => runs[run].diagnostics.filter((d) => d.severity === "error");

  test("the EKS example against the seed's three-endpoint network (no NAT) fails with its precondition's message", () => {
    expect(runs.eks_against_seed_network.status).toBe("error");
    expect(errors("eks_against_seed_network")).toEqual([
      expect.objectContaining({
        detail: expect.stringMatching(
          /The network has no NAT gateway and no interface endpoint for ec2, sts, elasticloadbalancing: nodes could not join or pull images/,
        ),
      }),
    ]);
  });

  test("the demo reads the network state it is given: an output missing from it fails the plan", () => {
    expect(runs.demo_against_incomplete_state.status).toBe("error");
    expect(errors("demo_against_incomplete_state")).toEqual([
      expect.objectContaining({
        summary: "Unsupported attribute",
        range: expect.objectContaining({ filename: "demo_against_incomplete_state/cdk.tf.json" }),
        detail: expect.stringMatching(/public_alb_subnet_ids/),
      }),
    ]);
  });
});

/**
 * The demo-alb stack without a certificate and with one, each planned with a mock provider. Each
 * run asserts the outputs a presenter uses (support/demo-alb-test.ts).
 */
describe("terraform test on the synthesized demo-alb stack (mock provider, offline)", () => {
  test("with the mock's values api_demo_config is http:// without a certificate and https:// with one", () => {
    const passed = { status: "pass", diagnostics: [] };
    expect({ http: outcome(runs.http), https: outcome(runs.https) }).toEqual({ http: passed, https: passed });
  });
});
