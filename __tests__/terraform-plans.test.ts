import * as fs from "fs";
import * as path from "path";
import { loadProjectConfig, loadProjectConfigFile } from "../src/config/load";
import { interfaceServices } from "../src/config/endpoint-catalog";
import { LOAD_BALANCER_CONTROLLER_VERSION } from "../src/eks/published-policies";
import { AWS_PROVIDER } from "../src/offline/cli-config";
import { placeholderState } from "../src/offline/placeholder-state";
import { DetailedPlan, detailedPlan, Diagnostic, TerraformPlan } from "../src/offline/plan-summary";
import { diagnosticText } from "../src/offline/workdir";
import { CERTIFICATE_ARN, DEMO_DOMAIN, environment, resourceCounts, synthDemoAlb, synthNetwork } from "./support/synth";
import { initializedWorkdir, outcome, TestRun, testRuns } from "./support/terraform";
import { DEMO_MOCK_PROVIDER, demoOutputsRun } from "./support/demo-alb-test";

const dev = loadProjectConfigFile(path.join(__dirname, "..", "config", "environments.json"), {}).environments.find(
  (e) => e.name === "dev",
)!;

/** The demo on the team's own name: the certificate in the network, the alias with the ALB. */
const DOMAIN = environment(DEMO_DOMAIN);

const EVERY_SWITCH = environment({
  ...DEMO_DOMAIN,
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
  demo_alb_domain: { "cdk.tf.json": synthDemoAlb(DOMAIN) },
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
  // The EKS example against the ecr-and-logs three-endpoint network (no NAT): its precondition stops it.
  eks_against_ecr_and_logs_network: { files: { "main.tf": EKS_HANDOFF }, variables: EKS_VARIABLES },
  // The EKS example against a network without the ECR Public cache (and no NAT): the controller's image has no source.
  eks_without_image_cache: { files: { "main.tf": EKS_HANDOFF }, variables: EKS_VARIABLES },
  // The demo against a network state without an output it reads: proof that the state given is the one read.
  demo_against_incomplete_state: { files: { "cdk.tf.json": synthDemoAlb() } },
  // The demo before any network deploy: no state file at all.
  demo_before_network: { files: { "cdk.tf.json": synthDemoAlb() } },
  // The domain-mode demo against a network deployed without the domain: no certificate to use.
  demo_domain_without_certificate: { files: { "cdk.tf.json": synthDemoAlb(DOMAIN) } },
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
  "demo_alb.tftest.hcl":
    DEMO_MOCK_PROVIDER +
    demoOutputsRun("http", "http", "./demo_alb") +
    demoOutputsRun("https", "https", "./demo_alb_dev") +
    demoOutputsRun("domain", "https", "./demo_alb_domain", DEMO_DOMAIN.demoDomainName),
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
        eks_lbc_helm_values: { value: "${module.eks_handoff.load_balancer_controller_helm_values}" },
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
      "eks_against_ecr_and_logs_network/network": placeholderState(synthNetwork(environment({ endpointSet: "ecr-and-logs" }))),
      "eks_without_image_cache/network": placeholderState(synthNetwork(environment({ ecrPullThroughCache: false }))),
      "demo_against_incomplete_state/network": { ...network, outputs: withoutSubnets },
      "demo_before_network/network": null,
      "demo_alb_domain/network": placeholderState(synthNetwork(DOMAIN)),
    },
    testFiles: TEST_FILES,
  });
  ({ runs, loading } = testRuns(await workdir.testRuns("-verbose")));
});

test("every test file ran, and nothing else", () => {
  expect(Object.keys(runs).sort()).toEqual(
    [
      "eks_against_ecr_and_logs_network",
      "demo_against_incomplete_state",
      "demo_before_network",
      "demo_domain_without_certificate",
      "http",
      "https",
      "domain",
      "eks_without_image_cache",
      "plans",
    ].sort(),
  );
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
  /** What the plan of module `name` adds, by resource type: everything its synthesized stack holds, once. */
  const planned = (name: string) => plan.addByModule[`module.${name}`];
  const synthesized = (name: string) => resourceCounts(MODULES[name]["cdk.tf.json"]);

  test("the default network: the plan adds every synthesized resource, once; its outputs are known or null", () => {
    expect(planned("network")).toEqual(synthesized("network"));
    expect(plan.outputValues.network_sagemaker_runtime).toBeNull();
    expect(plan.outputValues.network_vpc_id).toBe("(known after apply)");
  });

  test("network-dev: NAT egress instead of interface endpoints (one NAT, its EIP, the private route, HTTPS out), so no endpoints group", () => {
    const network = planned("network");
    expect(planned("network_dev")).toEqual(synthesized("network_dev"));
    expect(planned("network_dev")).toMatchObject({
      aws_nat_gateway: 1,
      aws_eip: 1,
      aws_route: network.aws_route + 1,
      // Only the S3 gateway endpoint is left.
      aws_vpc_endpoint: 1,
      aws_security_group: network.aws_security_group - 1,
    });
  });

  test("MLOPS_REGION=eu-west-1 alone, and a VPC CIDR with three zones, plan", () => {
    expect(planned("network_eu_west_1")).toEqual(planned("network"));
    // One public and one private subnet per zone, each associated with its route table.
    expect(planned("network_three_zones")).toMatchObject({ aws_subnet: 2 * 3, aws_route_table_association: 2 * 3 });
  });

  test("demo-alb: the ALB, its target group and the listeners (HTTP only without a certificate, HTTP and HTTPS with one)", () => {
    expect(plan.addByModule["module.demo_alb"]).toEqual({ aws_lb: 1, aws_lb_target_group: 1, aws_lb_listener: 1 });
    expect(plan.addByModule["module.demo_alb_dev"]).toEqual({ aws_lb: 1, aws_lb_target_group: 1, aws_lb_listener: 2 });
  });

  test("domain mode: the network adds the certificate, its validation record and the wait for it; the demo its alias record", () => {
    // The network with every switch on has the demo's domain too: a second full network plan would only repeat the default's.
    expect(plan.addByModule["module.network_every_switch"]).toMatchObject({
      aws_acm_certificate: 1,
      aws_acm_certificate_validation: 1,
      aws_route53_record: 1,
    });
    expect(plan.addByModule["module.demo_alb_domain"]).toEqual({
      aws_lb: 1,
      aws_lb_target_group: 1,
      aws_lb_listener: 2,
      aws_route53_record: 1,
    });
  });

  test("every switch on: the endpoints, peer rule, KMS key, S3 policy and us-east-1 cost alarm", () => {
    expect(planned("network_every_switch")).toEqual(synthesized("network_every_switch"));
    expect(planned("network_every_switch")).toMatchObject({
      // S3 and every interface endpoint the catalog picks (autoscaling, asked twice, once)
      aws_vpc_endpoint: 1 + interfaceServices(EVERY_SWITCH).length,
      aws_sns_topic: 1,
      aws_sns_topic_subscription: 1,
      aws_cloudwatch_metric_alarm: 1,
    });
    const rules = Object.values(JSON.parse(MODULES.network_every_switch["cdk.tf.json"]).resource.aws_vpc_security_group_ingress_rule);
    expect(rules).toContainEqual(expect.objectContaining({ referenced_security_group_id: EVERY_SWITCH.endpointsPeerSecurityGroupId }));
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

  test("examples/eks-handoff: the Load Balancer Controller's Helm values for an isolated cluster come from the network", () => {
    expect(plan.outputValues.eks_lbc_helm_values).toEqual({
      clusterName: "mlops-retail-forecast",
      region: "ap-southeast-1",
      vpcId: "vpc-placeholder-vpc",
      // The placeholder of the VPC's owner_id (the account, whose registry caches), then the cache's prefix and the chart's image.
      image: {
        repository: "placeholder-vpc-owner_id.dkr.ecr.ap-southeast-1.amazonaws.com/ecr-public/eks/aws-load-balancer-controller",
        // The version whose iam_policy.json the endpoint-policy proof reads.
        tag: LOAD_BALANCER_CONTROLLER_VERSION,
      },
      enableShield: false,
      enableWaf: false,
      enableWafv2: false,
    });
  });

  test("examples/eks-handoff: the nodes' launch template requires IMDSv2 with a hop limit of 1 (pods use IRSA, not the node's role)", () => {
    const template = (runs.plans.plan as TerraformPlan).resource_changes?.find(
      (rc) => rc.address === "module.eks_handoff.aws_launch_template.nodes",
    );
    expect((template?.change as { after?: { metadata_options?: unknown } }).after?.metadata_options).toEqual([
      expect.objectContaining({ http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1 }),
    ]);
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

  test("the EKS example against the ecr-and-logs three-endpoint network (no NAT) fails with its precondition's message", () => {
    expect(runs.eks_against_ecr_and_logs_network.status).toBe("error");
    expect(errors("eks_against_ecr_and_logs_network")).toEqual([
      expect.objectContaining({
        detail: expect.stringMatching(
          /The network has no NAT gateway and no interface endpoint for ec2, sts, elasticloadbalancing: nodes could not join or pull images/,
        ),
      }),
    ]);
  });

  test("the EKS example against a network with no ECR Public cache and no NAT fails: the controller's image has no source", () => {
    expect(runs.eks_without_image_cache.status).toBe("error");
    expect(errors("eks_without_image_cache")).toEqual([
      expect.objectContaining({
        detail: expect.stringMatching(
          /The network has no NAT gateway and no ECR Public pull-through cache \(output ecr_public_cache_prefix\): the Load Balancer Controller's image could not be pulled/,
        ),
      }),
    ]);
  });

  test("the demo reads the network state it is given: an output missing from it fails the plan with the stack's own message", () => {
    expect(runs.demo_against_incomplete_state.status).toBe("error");
    expect(errors("demo_against_incomplete_state")).toEqual([
      expect.objectContaining({
        summary: "Resource postcondition failed",
        range: expect.objectContaining({ filename: "demo_against_incomplete_state/cdk.tf.json" }),
        detail: "The network stack's state has no public_alb_subnet_ids: deploy the network stack first: `npx cdktn deploy network`",
      }),
    ]);
  });

  test("the demo before the network (no state file) stops before reading it, with the stack's own message", () => {
    expect(runs.demo_before_network.status).toBe("error");
    expect(errors("demo_before_network")).toEqual([
      expect.objectContaining({
        summary: "Resource precondition failed",
        detail:
          "No network state (terraform.network.tfstate at the project root): deploy the network stack first: `npx cdktn deploy network`",
      }),
    ]);
  });

  test("the domain-mode demo against a network without the domain's certificate says so", () => {
    expect(runs.demo_domain_without_certificate.status).toBe("error");
    expect(errors("demo_domain_without_certificate")).toEqual([
      expect.objectContaining({
        summary: "Resource postcondition failed",
        detail:
          "The network stack's state has no certificate for forecast.example.com (its demo certificate: none): deploy the network stack first: `npx cdktn deploy network` (with the same demoDomainName)",
      }),
    ]);
  });
});

/**
 * The demo-alb stack without a certificate and with one, each planned with a mock provider. Each
 * run asserts the outputs a presenter uses (support/demo-alb-test.ts).
 */
describe("terraform test on the synthesized demo-alb stack (mock provider, offline)", () => {
  test("with the mock's values api_demo_config is http:// without a certificate, https:// with one, https://<name> in domain mode", () => {
    const passed = { status: "pass", diagnostics: [] };
    expect({ http: outcome(runs.http), https: outcome(runs.https), domain: outcome(runs.domain) }).toEqual({
      http: passed,
      https: passed,
      domain: passed,
    });
  });
});
