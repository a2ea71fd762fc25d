import * as path from "path";
import { loadProjectConfigFile } from "../src/config/load";
import { placeholderState } from "../src/terraform/placeholder-state";
import { CERTIFICATE_ARN, environment, synthDemoAlb, synthNetwork } from "./support/synth";
import { initializedWorkdir } from "./support/terraform";

const dev = loadProjectConfigFile(path.join(__dirname, "..", "config", "environments.json"), {}).environments.find((e) => e.name === "dev")!;

const EVERY_SWITCH = environment({
  sagemakerRuntimeEndpoint: true,
  eksPrivateClusterEndpoints: true,
  extraInterfaceEndpoints: ["xray", "autoscaling"],
  endpointsPeerSecurityGroupId: "sg-0123456789abcdef0",
  flowLogKmsKeyArn: "arn:aws:kms:ap-southeast-1:123456789012:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
  s3EndpointAllowedBuckets: ["retail-models"],
  costAlarmThresholdUsd: 30,
  costAlarmEmail: "ops@example.com",
  eksClusterName: "retail-forecast",
});

/**
 * Three synthesized stacks planned offline in one `terraform plan`, each as a child module of a
 * small root (their backend blocks are ignored there): one provider start-up instead of three.
 */
const STACKS = {
  network_dev: synthNetwork(dev),
  demo_alb_dev: synthDemoAlb({ ...dev, certificateArn: CERTIFICATE_ARN }),
  network_every_switch: synthNetwork(EVERY_SWITCH),
};

describe("offline plans of the checked-in dev environment and of every switch turned on", () => {
  const root = {
    module: Object.fromEntries(Object.keys(STACKS).map((name) => [name, { source: `./${name}` }])),
    output: { every_switch_sagemaker_runtime: { value: "${module.network_every_switch.sagemaker_runtime_vpc_endpoint_id}" } },
  };
  const files: Record<string, string> = { "main.tf.json": JSON.stringify(root) };
  for (const [name, json] of Object.entries(STACKS)) files[`${name}/cdk.tf.json`] = json;
  // planDetailed (plan file + terraform show) is what npm run preview uses.
  const plan = initializedWorkdir("environments", { files, remoteStates: { network: placeholderState(STACKS.network_dev) } }).planDetailed();

  test("network-dev: the same 41 resources as prod", () => {
    const dev = plan.addByModule["module.network_dev"];
    expect(Object.values(dev).reduce((a, b) => a + b)).toBe(41);
  });

  test("demo-alb-dev with a certificate: the ALB, its target group, the HTTP and HTTPS listeners", () => {
    expect(plan.addByModule["module.demo_alb_dev"]).toEqual({ aws_lb: 1, aws_lb_target_group: 1, aws_lb_listener: 2 });
  });

  test("every switch on: the endpoints, peer rule, KMS key, S3 policy and us-east-1 cost alarm", () => {
    expect(plan.addByModule["module.network_every_switch"]).toMatchObject({
      aws_vpc_endpoint: 4 + 1 + 4 + 2,
      aws_vpc_security_group_ingress_rule: 10,
      aws_sns_topic: 1,
      aws_sns_topic_subscription: 1,
      aws_cloudwatch_metric_alarm: 1,
    });
    expect(plan.outputs.every_switch_sagemaker_runtime).toBe("create");
    expect(plan.outputValues.every_switch_sagemaker_runtime).toBe("(known after apply)");
  });

  test("nothing else", () => {
    expect(Object.keys(plan.addByModule).sort()).toEqual(["module.demo_alb_dev", "module.network_dev", "module.network_every_switch"]);
    expect(plan.change + plan.destroy).toBe(0);
  });
});
