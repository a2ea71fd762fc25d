import { CN_PREFIXED_SERVICES, fullServiceName, parseFullServiceName } from "../src/aws/endpoint-service-names";
import { arn, partitionOf } from "../src/aws/partition";
import { VpcEndpoint, vpcEndpoints } from "../src/synthesized/endpoints";
import { parseStack } from "../src/synthesized/stack-json";
import { environment, resources, synthNetwork } from "./support/synth";

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

  describe("endpoint service names per partition", () => {
    test("China interface services carry cn.com.amazonaws where AWS names them so; gateways and other regions keep com.amazonaws", () => {
      expect(fullServiceName("cn-north-1", "ecr.api")).toBe("cn.com.amazonaws.cn-north-1.ecr.api");
      expect(fullServiceName("cn-northwest-1", "workspaces")).toBe("cn.com.amazonaws.cn-northwest-1.workspaces");
      expect(fullServiceName("cn-north-1", "workspaces")).toBe("com.amazonaws.cn-north-1.workspaces");
      expect(fullServiceName("cn-north-1", "logs")).toBe("com.amazonaws.cn-north-1.logs");
      expect(fullServiceName("cn-north-1", "s3", "Gateway")).toBe("com.amazonaws.cn-north-1.s3");
      expect(fullServiceName("cn-north-1", "s3")).toBe("cn.com.amazonaws.cn-north-1.s3");
      expect(fullServiceName("ap-southeast-1", "ecr.api")).toBe("com.amazonaws.ap-southeast-1.ecr.api");
      expect(fullServiceName("us-gov-west-1", "ecr.api")).toBe("com.amazonaws.us-gov-west-1.ecr.api");
      expect(Object.keys(CN_PREFIXED_SERVICES).every((r) => partitionOf(r) === "aws-cn")).toBe(true);
    });

    test("a full name reads in either spelling; a short name or a PrivateLink service is not one", () => {
      expect(parseFullServiceName("cn.com.amazonaws.cn-north-1.ecr.dkr")).toEqual({
        prefix: "cn.com.amazonaws",
        region: "cn-north-1",
        service: "ecr.dkr",
      });
      expect(parseFullServiceName("com.amazonaws.us-gov-west-1.sts")).toEqual({
        prefix: "com.amazonaws",
        region: "us-gov-west-1",
        service: "sts",
      });
      expect(parseFullServiceName("sagemaker.runtime")).toBeUndefined();
      expect(parseFullServiceName("com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0")).toBeUndefined();
    });

    test("a cn-north-1 network names each endpoint as AWS does there: cn.com.amazonaws for the interface services AWS lists, com.amazonaws for the others and the S3 gateway", () => {
      const json = synthNetwork(environment({ region: "cn-north-1", sagemakerRuntimeEndpoint: true, extraInterfaceEndpoints: ["kms"] }));
      const endpoints = vpcEndpoints(parseStack(json));
      const prefixed = (e: VpcEndpoint) => e.type === "Interface" && CN_PREFIXED_SERVICES["cn-north-1"].includes(e.service);
      expect(endpoints.map((e) => [e.service, e.serviceName])).toEqual(
        endpoints.map((e) => [e.service, `${prefixed(e) ? "cn." : ""}com.amazonaws.cn-north-1.${e.service}`]),
      );
      // As AWS names them in cn-north-1, written out: the list above and the stacks share CN_PREFIXED_SERVICES.
      const named = Object.fromEntries(endpoints.map((e) => [`${e.service} ${e.type}`, e.serviceName]));
      expect(named).toEqual(
        expect.objectContaining({
          "ecr.api Interface": "cn.com.amazonaws.cn-north-1.ecr.api",
          "sts Interface": "cn.com.amazonaws.cn-north-1.sts",
          "logs Interface": "com.amazonaws.cn-north-1.logs",
          "s3 Gateway": "com.amazonaws.cn-north-1.s3",
        }),
      );
      // Both spellings are there: the listed interface services, and the others with the S3 gateway (whose service is listed).
      expect(endpoints.filter(prefixed).length).toBeGreaterThan(0);
      expect(endpoints.filter((e) => !prefixed(e)).map((e) => [e.service, e.type])).toEqual(
        expect.arrayContaining([
          ["s3", "Gateway"],
          ["kms", "Interface"],
        ]),
      );
      // checkov-checks/tests/test_endpoints.py reads the China spelling the same way (the FSBP endpoint checks).
    });
  });
});
