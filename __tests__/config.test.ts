import checkedInConfig from "../config/environments.json";
import { parseCidr } from "../src/config/cidr";
import { ConfigError, loadProjectConfig } from "../src/config/load";
import { resourceNames } from "../src/config/names";
import { CERTIFICATE_ARN } from "./support/synth";

/** The messages loading `settings` (as environment "prod" of a file) and `env` gives. */
function problems(settings: Record<string, unknown>, env: Record<string, string> = {}): string[] {
  try {
    loadProjectConfig({ file: { environments: { prod: settings } }, env });
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return [...e.problems];
  }
}

describe("defaults", () => {
  test("an empty environment has the seed's network layout and names", () => {
    const config = loadProjectConfig({ file: { environments: { prod: {} } } });
    expect(config.environments[0]).toMatchObject({
      name: "prod",
      region: "ap-southeast-1",
      availabilityZones: ["ap-southeast-1a", "ap-southeast-1b"],
      vpcCidr: "10.0.0.0/16",
      publicSubnetCidrs: ["10.0.1.0/24", "10.0.2.0/24"],
      privateSubnetCidrs: ["10.0.101.0/24", "10.0.102.0/24"],
      namePrefix: "mlops",
      egress: "vpc-endpoints",
      endpointSet: "cluster",
      clusterFeatures: ["irsa", "load-balancer-controller"],
      ecrPullThroughCache: true,
      apiTargetPort: 80,
      healthCheckPath: "/health",
      protect: true,
      s3EndpointAccess: "account",
      state: { backend: "local" },
    });
    expect(config.defaultEnvironment).toBe("prod");
  });

  test("the ECR Public cache follows the load-balancer-controller feature; an explicit value wins", () => {
    const cache = (file: Record<string, unknown>, env: Record<string, string> = {}) =>
      loadProjectConfig({ file: { environments: { prod: file } }, env }).environments[0].ecrPullThroughCache;
    expect(cache({ clusterFeatures: ["irsa"] })).toBe(false);
    expect(cache({ clusterFeatures: ["load-balancer-controller"] })).toBe(true);
    expect(cache({}, { MLOPS_ECR_PULL_THROUGH_CACHE: "false" })).toBe(false);
    expect(cache({ clusterFeatures: ["irsa"], ecrPullThroughCache: true })).toBe(true);
    expect(() => cache({}, { MLOPS_ECR_PULL_THROUGH_CACHE: "maybe" })).toThrow(
      /MLOPS_ECR_PULL_THROUGH_CACHE \(prod\.ecrPullThroughCache\) = "maybe": expected true or false/,
    );
  });

  test("the default prefix gives the seed's names", () => {
    const names = resourceNames({ namePrefix: "mlops" });
    expect(names.vpc).toBe("mlops-retail-forecast-hybrid-vpc");
    expect(names.publicSubnet("ap-southeast-1a")).toBe("mlops-hybrid-public-alb-ap-southeast-1a");
    expect(names.privateSubnet("ap-southeast-1b")).toBe("mlops-eks-private-workloads-ap-southeast-1b");
    expect(names.interfaceEndpoint("ecr.api")).toBe("mlops-hybrid-ecr-api-endpoint");
    expect(names.alb).toBe("mlops-hybrid-api-demo-alb");
    expect(names.targetGroup).toBe("mlops-hybrid-eks-api-tg");
  });
});

/** A second environment that does not collide with prod. */
const DEV = {
  namePrefix: "mlops-dev",
  vpcCidr: "10.1.0.0/16",
  publicSubnetCidrs: ["10.1.1.0/24", "10.1.2.0/24"],
  privateSubnetCidrs: ["10.1.101.0/24", "10.1.102.0/24"],
};

describe("environment variables", () => {
  test("override the default environment's keys, typed", () => {
    const config = loadProjectConfig({
      file: {
        environments: {
          prod: {},
          dev: DEV,
        },
      },
      env: {
        CERTIFICATE_ARN,
        MLOPS_SAGEMAKER_RUNTIME_ENDPOINT: "true",
        MLOPS_FLOW_LOG_RETENTION_DAYS: "90",
        MLOPS_TAGS: "team=mlops, cost-center=42",
        MLOPS_EXTRA_INTERFACE_ENDPOINTS: "xray,autoscaling",
      },
    });
    const [prod, dev] = config.environments;
    expect(prod.certificateArn).toBe(CERTIFICATE_ARN);
    expect(prod.sagemakerRuntimeEndpoint).toBe(true);
    expect(prod.flowLogRetentionDays).toBe(90);
    expect(prod.tags).toEqual({ team: "mlops", "cost-center": "42" });
    expect(prod.extraInterfaceEndpoints).toEqual(["xray", "autoscaling"]);
    expect(dev.certificateArn).toBe("");
    expect(dev.vpcCidr).toBe("10.1.0.0/16");
  });

  test("MLOPS_ENV picks the environment they override", () => {
    const config = loadProjectConfig({
      file: {
        environments: {
          prod: {},
          dev: DEV,
        },
      },
      env: { MLOPS_ENV: "dev", CERTIFICATE_ARN },
    });
    expect(config.environments.map((e) => e.certificateArn)).toEqual(["", CERTIFICATE_ARN]);
  });

  test("state backend from variables", () => {
    const config = loadProjectConfig({ file: {}, env: { MLOPS_STATE_BACKEND: "s3", MLOPS_STATE_BUCKET: "my-tf-state" } });
    expect(config.environments[0].state).toEqual({
      backend: "s3",
      bucket: "my-tf-state",
      region: "ap-southeast-1",
      keyPrefix: "mlops-retail-forecast",
    });
  });
});

describe("validation names the key, the bad value and what is valid", () => {
  test.each<[string, Record<string, unknown>, Record<string, string>, RegExp]>([
    [
      "a CIDR that does not parse",
      { vpcCidr: "10.0.0/16" },
      {},
      /environments\.prod\.vpcCidr = "10\.0\.0\/16": is not an IPv4 CIDR of the form a\.b\.c\.d\/n/,
    ],
    [
      "a CIDR with host bits",
      { vpcCidr: "10.0.0.1/16" },
      {},
      /vpcCidr = "10\.0\.0\.1\/16": has host bits set; the network address is 10\.0\.0\.0\/16/,
    ],
    [
      "an octet above 255",
      {},
      { MLOPS_VPC_CIDR: "10.300.0.0/16" },
      /MLOPS_VPC_CIDR \(prod\.vpcCidr\) = "10\.300\.0\.0\/16": has an octet above 255/,
    ],
    ["a VPC larger than AWS allows", { vpcCidr: "10.0.0.0/8" }, {}, /vpcCidr = "10\.0\.0\.0\/8": a VPC CIDR must be between \/16 and \/28/],
    [
      "a subnet outside the VPC",
      { publicSubnetCidrs: ["10.0.1.0/24", "10.9.2.0/24"] },
      {},
      /publicSubnetCidrs = "10\.9\.2\.0\/24": lies outside the VPC 10\.0\.0\.0\/16/,
    ],
    [
      "overlapping subnets",
      { privateSubnetCidrs: ["10.0.101.0/24", "10.0.0.0/22"] },
      {},
      /privateSubnetCidrs = "10\.0\.0\.0\/22": overlaps 10\.0\.1\.0\/24 of publicSubnetCidrs/,
    ],
    [
      "a subnet that does not parse",
      { privateSubnetCidrs: ["10.0.101.0/24", "ten"] },
      {},
      /privateSubnetCidrs = "ten": is not an IPv4 CIDR/,
    ],
    [
      "one CIDR per zone",
      { publicSubnetCidrs: ["10.0.1.0/24"] },
      {},
      /publicSubnetCidrs = \["10\.0\.1\.0\/24"\]: give one CIDR per availability zone \(2\)/,
    ],
    [
      "an AZ of another region",
      { availabilityZones: ["ap-southeast-1a", "us-east-1b"] },
      {},
      /availabilityZones = "us-east-1b": not a zone of region ap-southeast-1/,
    ],
    [
      "a repeated AZ",
      { availabilityZones: ["ap-southeast-1a", "ap-southeast-1a"] },
      {},
      /availabilityZones = "ap-southeast-1a": each availability zone may appear once/,
    ],
    [
      "a single AZ",
      {},
      {
        MLOPS_AVAILABILITY_ZONES: "ap-southeast-1a",
        MLOPS_PUBLIC_SUBNET_CIDRS: "10.0.1.0/24",
        MLOPS_PRIVATE_SUBNET_CIDRS: "10.0.101.0/24",
      },
      /MLOPS_AVAILABILITY_ZONES \(prod\.availabilityZones\) = \["ap-southeast-1a"\]: an ALB needs subnets in at least 2 availability zones/,
    ],
    ["a region that is no region", { region: "singapore" }, {}, /region = "singapore": use an AWS region code such as ap-southeast-1/],
    [
      "a malformed endpoint service",
      { extraInterfaceEndpoints: ["xray", "com.amazonaws.ap-southeast-1.sagemaker.runtime", "Sage Maker"] },
      {},
      /extraInterfaceEndpoints\[2\] = "Sage Maker": use an interface endpoint service's short name/,
    ],
    [
      "a malformed certificate ARN",
      { certificateArn: "arn:aws:iam::123456789012:server-certificate/demo" },
      {},
      /certificateArn = .*use an ACM certificate ARN arn:aws:acm:<region>:<12-digit account>:certificate\/<uuid>, or empty/,
    ],
    [
      "a certificate of another region",
      {},
      { CERTIFICATE_ARN: CERTIFICATE_ARN.replace("ap-southeast-1", "us-east-1") },
      /CERTIFICATE_ARN \(prod\.certificateArn\) = .*in us-east-1 but the ALB is in ap-southeast-1/,
    ],
    [
      "an ALB name over 32 characters",
      { namePrefix: "mlops-retail-forecast" },
      {},
      /namePrefix = "mlops-retail-forecast": the ALB name mlops-retail-forecast-hybrid-api-demo-alb has 41 characters, AWS allows 32; use a prefix of at most 12/,
    ],
    [
      "a prefix ALB names cannot hold",
      { namePrefix: "MLOps_Dev" },
      {},
      /namePrefix = "MLOps_Dev": use lowercase letters, digits and inner hyphens/,
    ],
    [
      "a retention CloudWatch refuses",
      { flowLogRetentionDays: 10 },
      {},
      /flowLogRetentionDays = 10: CloudWatch Logs accepts 1, 3, 5, 7, 14, 30/,
    ],
    [
      "a peer SG that is no SG id",
      { endpointsPeerSecurityGroupId: "sagemaker-sg" },
      {},
      /endpointsPeerSecurityGroupId = "sagemaker-sg": use a security group id/,
    ],
    [
      "a bucket ARN instead of a name",
      { s3EndpointAllowedBuckets: ["arn:aws:s3:::models"] },
      {},
      /s3EndpointAllowedBuckets\[0\] = "arn:aws:s3:::models": use an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens, not an ARN/,
    ],
    [
      "a cost e-mail without a threshold",
      { costAlarmEmail: "ops@example.com" },
      {},
      /costAlarmEmail = "ops@example\.com": set costAlarmThresholdUsd too/,
    ],
    [
      "an s3 backend without a bucket",
      { state: { backend: "s3" } },
      {},
      /prod\.state\.bucket \(built-in default\) = "": the s3 backend needs the name of an existing state bucket \(MLOPS_STATE_BUCKET or state\.bucket\)/,
    ],
    [
      "an unknown backend",
      {},
      { MLOPS_STATE_BACKEND: "consul" },
      /MLOPS_STATE_BACKEND \(prod\.state\.backend\) = "consul": use one of "local", "s3"/,
    ],
    [
      "an unknown key (a typo)",
      { vpcCird: "10.0.0.0/16" },
      {},
      /environments\.prod\.vpcCird: unknown key; the keys are region, availabilityZones, vpcCidr/,
    ],
    [
      "a value of the wrong type",
      { sagemakerRuntimeEndpoint: "yes" },
      {},
      /environments\.prod\.sagemakerRuntimeEndpoint = "yes": expected true or false \(a JSON boolean, not a string\)/,
    ],
    [
      "a boolean variable that is not one",
      {},
      { MLOPS_EKS_SUBNET_TAGS: "maybe" },
      /MLOPS_EKS_SUBNET_TAGS \(prod\.eksSubnetTags\) = "maybe": expected true or false/,
    ],
    [
      "a number variable that is not one",
      {},
      { MLOPS_FLOW_LOG_RETENTION_DAYS: "a month" },
      /MLOPS_FLOW_LOG_RETENTION_DAYS \(prod\.flowLogRetentionDays\) = "a month": expected a number/,
    ],
    ["an environment that does not exist", {}, { MLOPS_ENV: "staging" }, /MLOPS_ENV = "staging": name one of the environments \(prod\)/],
  ])("%s", (_, settings, env, message) => {
    const found = problems(settings, env);
    expect(found).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  test("every problem is reported at once", () => {
    // The zones derive from the region, so a bad region is reported once, not again for each zone.
    expect(problems({ vpcCidr: "x", region: "y", flowLogRetentionDays: 2 })).toHaveLength(3);
  });

  test("two environments may not share a name prefix (their AWS names would collide)", () => {
    expect(() =>
      loadProjectConfig({
        file: {
          environments: {
            prod: {},
            dev: {
              vpcCidr: "10.1.0.0/16",
              publicSubnetCidrs: ["10.1.1.0/24", "10.1.2.0/24"],
              privateSubnetCidrs: ["10.1.101.0/24", "10.1.102.0/24"],
            },
          },
        },
      }),
    ).toThrow(/environments\.dev\.namePrefix = "mlops": environment prod uses it too; give each environment its own prefix/);
  });

  test("a misspelt top-level key is an error, not silently the defaults", () => {
    expect(() => loadProjectConfig({ file: { enviroments: { dev: {} } } })).toThrow(
      /unknown top-level key "enviroments"; the file holds defaultEnvironment and environments/,
    );
  });

  test("the default environment must exist", () => {
    expect(() => loadProjectConfig({ file: { defaultEnvironment: "prod", environments: { dev: {} } } })).toThrow(
      /defaultEnvironment = "prod": name one of the environments \(dev\)/,
    );
  });

  test("the checked-in configuration is valid", () => {
    const config = loadProjectConfig({ file: checkedInConfig });
    expect(config.environments.map((e) => e.name)).toEqual(["prod", "dev"]);
    expect(config.environments[0]).toEqual(loadProjectConfig({ file: { environments: { prod: {} } } }).environments[0]);
  });
});

describe("CIDR arithmetic", () => {
  test("parses network addresses into ranges", () => {
    expect(parseCidr("10.0.0.0/16")).toEqual({ first: 167772160, last: 167837695, prefix: 16 });
    expect(parseCidr("255.255.255.255/32")).toEqual({ first: 4294967295, last: 4294967295, prefix: 32 });
    expect(parseCidr("10.0.0.0/33")).toBe("has a prefix length above 32");
  });
});
