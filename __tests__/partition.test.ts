import { arn, partitionOf } from "../src/aws/partition";
import { demoAlbStack, environment, resources, synthNetwork } from "./support/synth";

describe("partitions", () => {
  test.each([
    ["ap-southeast-1", "aws"],
    ["eu-west-1", "aws"],
    ["cn-north-1", "aws-cn"],
    ["cn-northwest-1", "aws-cn"],
    ["us-gov-west-1", "aws-us-gov"],
    ["us-iso-east-1", "aws-iso"],
    ["us-isob-east-1", "aws-iso-b"],
    ["us-isof-south-1", "aws-iso-f"],
    ["eu-isoe-west-1", "aws-iso-e"],
    ["eusc-de-east-1", "aws-eusc"],
  ])("%s is in partition %s", (region, partition) => {
    expect(partitionOf(region)).toBe(partition);
  });

  test("arn() writes the partition, and leaves global parts empty", () => {
    expect(arn("cn-north-1", { service: "s3", resource: "b/*" })).toBe("arn:aws-cn:s3:::b/*");
    expect(arn("us-gov-west-1", { service: "ec2", region: "us-gov-west-1", account: "123456789012", resource: "vpc-flow-log/*" })).toBe(
      "arn:aws-us-gov:ec2:us-gov-west-1:123456789012:vpc-flow-log/*",
    );
  });

  test.each([
    ["cn-north-1", "aws-cn"],
    ["us-gov-west-1", "aws-us-gov"],
  ])("a %s network builds every ARN in %s: S3 endpoint policy, flow-log trust policy, endpoint policies", (region, partition) => {
    const json = synthNetwork(environment({ region, s3EndpointAllowedBuckets: ["retail-models"] }));
    const arns = [...json.matchAll(/arn:[a-z-]+:/g)].map((m) => m[0]);
    expect(arns.length).toBeGreaterThan(0);
    expect(new Set(arns)).toEqual(new Set([`arn:${partition}:`]));
    const s3 = JSON.parse(resources(json, "aws_vpc_endpoint").s3_gateway_endpoint.policy);
    expect(s3.Statement[0].Resource).toEqual([`arn:${partition}:s3:::retail-models`, `arn:${partition}:s3:::retail-models/*`]);
    const trust = JSON.parse(resources(json, "aws_iam_role").flow_log_role.assume_role_policy);
    expect(trust.Statement[0].Condition.ArnLike["aws:SourceArn"]).toBe(
      `arn:${partition}:ec2:${region}:\${aws_vpc.vpc.owner_id}:vpc-flow-log/*`,
    );
  });

  test("the demo's certificate hint names the region's partition", () => {
    const [warning] = demoAlbStack(environment({ region: "cn-north-1" }))
      .node.metadata.filter((m) => m.type === "@cdktf/warn")
      .map((m) => m.data as string);
    expect(warning).toMatch(/CERTIFICATE_ARN=arn:aws-cn:acm:cn-north-1:<account>:certificate\/<id> /);
  });
});
