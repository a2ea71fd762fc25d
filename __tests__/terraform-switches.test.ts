import { environment, synthNetwork } from "./support/synth";
import { initializedWorkdir } from "./support/terraform";

test("every switch on: terraform accepts the endpoints, peer rule, KMS key, S3 policy and us-east-1 cost alarm", () => {
  const env = environment({
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
  const plan = initializedWorkdir("network-all-switches", { stackJson: synthNetwork(env) }).plan();
  expect(plan.add).toMatchObject({
    aws_vpc_endpoint: 4 + 1 + 4 + 2,
    aws_vpc_security_group_ingress_rule: 10,
    aws_sns_topic: 1,
    aws_sns_topic_subscription: 1,
    aws_cloudwatch_metric_alarm: 1,
  });
  expect(plan.outputs.sagemaker_runtime_vpc_endpoint_id).toBe("create");
});
