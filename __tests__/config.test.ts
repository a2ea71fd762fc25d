import { fullServiceName } from "../src/aws/endpoint-service-names";
import checkedInConfig from "../config/environments.json";
import { parseCidr } from "../src/config/cidr";
import {
  INTERFACE_ENDPOINT_SERVICES,
  NAME_LENGTHS,
  OTHER_PARTITION_REGIONS,
  REGIONS,
  TAG_KEY_LENGTH,
  TAG_VALUE_LENGTH,
  TAGS_PER_RESOURCE,
  zonesOf,
} from "../src/config/aws-published";
import { endpointService } from "../src/config/strings";
import { partitionOf } from "../src/aws/partition";
import { KNOWN_ENDPOINTS } from "../src/config/endpoint-catalog";
import { kindOf } from "../src/config/env-text";
import { parseStrictJson } from "../src/config/json-file";
import { synthEnvironment } from "../src/app";
import { SERVICE_REQUIREMENTS } from "../src/eks/cluster-requirements";
import { ConfigError, KNOWN_VARIABLES, loadProjectConfig, OTHER_VARIABLES, projectConfigFile } from "../src/config/load";
import { resourceNames } from "../src/config/names";
import { SETTING_KEYS, SETTINGS } from "../src/config/schema";
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
  test("an empty environment has the walkthrough's network layout and names", () => {
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

  test("the ECR Public cache is on for every cluster (the CloudWatch agent and Fluent Bit come from ECR Public); an explicit value wins", () => {
    const cache = (file: Record<string, unknown>, env: Record<string, string> = {}) =>
      loadProjectConfig({ file: { environments: { prod: file } }, env }).environments[0].ecrPullThroughCache;
    expect(cache({ clusterFeatures: ["irsa"] })).toBe(true);
    expect(cache({ clusterFeatures: ["load-balancer-controller"] })).toBe(true);
    expect(cache({}, { MLOPS_ECR_PULL_THROUGH_CACHE: "false" })).toBe(false);
    expect(cache({ clusterFeatures: ["irsa"], ecrPullThroughCache: false })).toBe(false);
    expect(() => cache({}, { MLOPS_ECR_PULL_THROUGH_CACHE: "maybe" })).toThrow(
      /MLOPS_ECR_PULL_THROUGH_CACHE \(prod\.ecrPullThroughCache\) = "maybe": expected true or false/,
    );
  });

  test("the default prefix gives the walkthrough's names", () => {
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

describe("the demo's domain", () => {
  test("the zone's name defaults to the domain without its first label; a name at the zone's apex names the zone", () => {
    const env = (settings: Record<string, unknown>) => loadProjectConfig({ file: { environments: { prod: settings } } }).environments[0];
    expect(env({ demoDomainName: "forecast.example.com", demoHostedZoneId: "Z0123456789ABCDEFGHIJ" }).demoHostedZoneName).toBe(
      "example.com",
    );
    const apex = { demoDomainName: "example.com", demoHostedZoneId: "Z0123456789ABCDEFGHIJ", demoHostedZoneName: "example.com" };
    expect(env(apex).demoDomainName).toBe("example.com");
    expect(env({}).demoHostedZoneName).toBe("");
  });

  test("variables turn it on for the selected environment", () => {
    const config = loadProjectConfig({
      file: { environments: { prod: {}, dev: { namePrefix: "mlops-dev" } } },
      env: { MLOPS_ENV: "dev", MLOPS_DEMO_DOMAIN_NAME: "dev.forecast.example.com", MLOPS_DEMO_HOSTED_ZONE_ID: "Z0123456789ABCDEFGHIJ" },
    });
    expect(config.environments.map((e) => [e.demoDomainName, e.demoHostedZoneId, e.demoHostedZoneName])).toEqual([
      ["", "", ""],
      ["dev.forecast.example.com", "Z0123456789ABCDEFGHIJ", "forecast.example.com"],
    ]);
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
      /extraInterfaceEndpoints\[2\] = "Sage Maker": use an interface endpoint service's name: short \(xray, sagemaker\.runtime\) or full/,
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
      "both a certificate made here (the demo's domain) and one made elsewhere",
      { demoDomainName: "forecast.example.com", demoHostedZoneId: "Z0123456789ABCDEFGHIJ" },
      { CERTIFICATE_ARN },
      /prod\.demoDomainName = "forecast\.example\.com": certificateArn is set too \(arn:aws:acm:.*\); give demoDomainName and demoHostedZoneId for a certificate made here, or certificateArn for one made elsewhere, not both/,
    ],
    [
      "a demo domain without its hosted zone",
      {},
      { MLOPS_DEMO_DOMAIN_NAME: "forecast.example.com" },
      /prod\.demoHostedZoneId \(built-in default\) = "": demoDomainName forecast\.example\.com needs the id of the Route 53 hosted zone that holds it/,
    ],
    [
      "a hosted zone without a demo domain",
      { demoHostedZoneId: "Z0123456789ABCDEFGHIJ" },
      {},
      /demoDomainName \(built-in default\) = "": demoHostedZoneId Z0123456789ABCDEFGHIJ is set: give the demo's host name in that zone too/,
    ],
    [
      "a demo domain outside its hosted zone",
      { demoDomainName: "forecast.example.com", demoHostedZoneId: "Z0123456789ABCDEFGHIJ", demoHostedZoneName: "example.org" },
      {},
      /demoDomainName = "forecast\.example\.com": is not in the hosted zone example\.org \(demoHostedZoneName\); use a name ending in \.example\.org/,
    ],
    [
      "a zone name that only ends like the domain",
      { demoDomainName: "forecast.myexample.com", demoHostedZoneId: "Z0123456789ABCDEFGHIJ", demoHostedZoneName: "example.com" },
      {},
      /demoDomainName = "forecast\.myexample\.com": is not in the hosted zone example\.com/,
    ],
    [
      "an upper-case demo domain with a trailing dot",
      {},
      { MLOPS_DEMO_DOMAIN_NAME: "Demo.Example.com.", MLOPS_DEMO_HOSTED_ZONE_ID: "Z0123456789ABCDEFGHIJ" },
      /MLOPS_DEMO_DOMAIN_NAME \(prod\.demoDomainName\) = "Demo\.Example\.com\.": use a lowercase DNS name such as forecast\.example\.com, without a trailing dot/,
    ],
    [
      "the ALB's own name as the demo domain",
      { demoDomainName: "demo.ap-southeast-1.elb.amazonaws.com", demoHostedZoneId: "Z0123456789ABCDEFGHIJ" },
      {},
      /demoDomainName = "demo\.ap-southeast-1\.elb\.amazonaws\.com": ACM issues certificates only for names you own/,
    ],
    [
      "a hosted zone id with its /hostedzone/ prefix",
      { demoDomainName: "forecast.example.com", demoHostedZoneId: "/hostedzone/Z0123456789ABCDEFGHIJ" },
      {},
      /demoHostedZoneId = "\/hostedzone\/Z0123456789ABCDEFGHIJ": use a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ/,
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
      /environments\.prod\.vpcCird: unknown key\. Did you mean vpcCidr\? The keys are region, availabilityZones, vpcCidr/,
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

  // Tests of the built-in defaults use environment() (support/synth.ts); tests of what the tools
  // deploy (policy, app) load this file. Neither assumes the checked-in prod is the defaults, so
  // prod may set anything (a third zone) without breaking the tests of the defaults.
  test("the checked-in configuration is valid, and its default environment is prod", () => {
    const config = loadProjectConfig({ file: checkedInConfig });
    expect(config.environments.map((e) => e.name)).toEqual(["prod", "dev"]);
    expect(config.defaultEnvironment).toBe("prod");
  });
});

describe("one rule for empty variables, and no unknown MLOPS_* name", () => {
  const kinds = SETTING_KEYS.map((key) => ({ key, variable: SETTINGS[key].variable, kind: kindOf(SETTINGS[key].schema) }));

  test("MLOPS_PROTECT= (empty) is an error, never an unprotected prod", () => {
    expect(problems({}, { MLOPS_PROTECT: "" })).toEqual([
      "MLOPS_PROTECT (prod.protect): MLOPS_PROTECT is set but empty, and protect has no empty value; give true or false, or unset MLOPS_PROTECT to use the configuration file or the default",
    ]);
    expect(problems({}, { MLOPS_PROTECT: "  " })).toHaveLength(1);
  });

  test.each(kinds.filter((k) => k.kind === "boolean" || k.kind === "number"))(
    "empty $variable is an error: a $kind has no empty value",
    (k) => {
      expect(problems({}, { [k.variable]: "" })).toEqual([
        expect.stringContaining(`${k.variable} is set but empty, and ${k.key} has no empty value`),
      ]);
    },
  );

  test.each(kinds.filter((k) => k.kind !== "boolean" && k.kind !== "number"))(
    "empty $variable is its empty value where the schema takes one, else an error",
    (k) => {
      const empty = k.kind === "list" ? [] : k.kind === "tags" ? {} : "";
      const found = problems({}, { [k.variable]: "" });
      if (SETTINGS[k.key].schema.safeParse(empty).success) {
        // Reported, if at all, by a rule between settings (an empty zone list leaves no subnets), never as a bad value.
        expect(found.filter((p) => p.includes("is set but empty"))).toEqual([]);
      } else {
        expect(found).toEqual([expect.stringContaining(`${k.variable} is set but empty`)]);
      }
    },
  );

  test("an empty variable clears the file's value where the setting has an empty value", () => {
    const config = loadProjectConfig({
      file: { environments: { prod: { eksClusterName: "retail", extraInterfaceEndpoints: ["xray"], tags: { team: "ml" } } } },
      env: { MLOPS_EKS_CLUSTER_NAME: "", MLOPS_EXTRA_INTERFACE_ENDPOINTS: "", MLOPS_TAGS: " " },
    });
    expect(config.environments[0]).toMatchObject({ eksClusterName: "", extraInterfaceEndpoints: [], tags: {} });
  });

  test.each([
    ["MLOPS_VPC_CIRD", "MLOPS_VPC_CIDR"],
    ["MLOPS_PROTECTED", "MLOPS_PROTECT"],
    ["MLOPS_CERTIFICATE_ARN", "CERTIFICATE_ARN"],
    ["MLOPS_KMS_KEY_ARN", "MLOPS_FLOW_LOG_KMS_KEY_ARN"],
    ["MLOPS_ENVIRONMENT", "MLOPS_ENV"],
  ])("%s is an error that suggests %s and lists the real names", (given, meant) => {
    const found = problems({}, { [given]: "false" });
    expect(found).toEqual([expect.stringContaining(`${given}: no setting reads this variable. Did you mean ${meant}?`)]);
    expect(found[0]).toContain(`use one of MLOPS_REGION, MLOPS_AVAILABILITY_ZONES,`);
    expect(found[0]).toContain(`MLOPS_ENV, MLOPS_CONFIG_FILE`);
    expect(found[0]).not.toContain("MLOPS_BENCH_CHILD"); // the bench's own, no user's to set
  });

  test("a name far from every variable still lists them, without a guess", () => {
    expect(problems({}, { MLOPS_ZZZZZZZZZZZZ: "1" })).toEqual([
      expect.stringMatching(/^MLOPS_ZZZZZZZZZZZZ: no setting reads this variable\. Unset it/),
    ]);
  });

  test("every setting's variable and the tools' own are known", () => {
    const all = Object.fromEntries(KNOWN_VARIABLES.map((v) => [v, "x"]));
    expect(problems({}, all).filter((p) => p.includes("no setting reads"))).toEqual([]);
    expect(Object.keys(OTHER_VARIABLES)).toEqual(expect.arrayContaining(["MLOPS_ENV", "MLOPS_CONFIG_FILE"]));
    expect(problems({}, { MLOPS_BENCH_CHILD: "1" })).toEqual([]);
  });

  test("an empty MLOPS_CONFIG_FILE is an error, not the default file", () => {
    expect(() => projectConfigFile("/project", { MLOPS_CONFIG_FILE: "" })).toThrow(/MLOPS_CONFIG_FILE is set but empty/);
  });
});

describe("service names, short or full for the environment's region", () => {
  const extra = (names: string[], env: Record<string, string> = {}) =>
    loadProjectConfig({ file: { environments: { prod: { extraInterfaceEndpoints: names } } }, env }).environments[0]
      .extraInterfaceEndpoints;

  test("the full name of the own region is the short name: it does not double in the stack", () => {
    expect(extra(["com.amazonaws.ap-southeast-1.xray", "sagemaker.api"])).toEqual(["xray", "sagemaker.api"]);
    expect(extra([], { MLOPS_EXTRA_INTERFACE_ENDPOINTS: "com.amazonaws.ap-southeast-1.xray" })).toEqual(["xray"]);
    const json = synthEnvironment(
      loadProjectConfig({ file: {}, env: { MLOPS_EXTRA_INTERFACE_ENDPOINTS: "com.amazonaws.ap-southeast-1.xray" } }).environments[0],
    ).network;
    expect(json).toContain('"service_name": "com.amazonaws.ap-southeast-1.xray"');
    expect(json).not.toContain("com.amazonaws.ap-southeast-1.com.amazonaws");
  });

  test("a PrivateLink service of another account is an error, not doubled into a name that does not exist", () => {
    expect(problems({ extraInterfaceEndpoints: ["com.amazonaws.vpce.ap-southeast-1.vpce-svc-0123456789abcdef0"] })).toEqual([
      expect.stringContaining(
        '"com.amazonaws.vpce.ap-southeast-1.vpce-svc-0123456789abcdef0": is a PrivateLink service of another account',
      ),
    ]);
  });

  test("another region's full name is an error naming both regions", () => {
    expect(problems({ extraInterfaceEndpoints: ["com.amazonaws.us-east-1.xray"] })).toEqual([
      'config/environments.json environments.prod.extraInterfaceEndpoints = "com.amazonaws.us-east-1.xray": is a service of us-east-1, but this environment is in ap-southeast-1; an interface endpoint serves its own region: use xray (or com.amazonaws.ap-southeast-1.xray)',
    ]);
  });

  describe("in China (MLOPS_REGION=cn-north-1), where many services are named cn.com.amazonaws.<region>.<service>", () => {
    const CN = { MLOPS_REGION: "cn-north-1" };
    const where = 'config/environments.json environments.prod.extraInterfaceEndpoints = "';

    test("the full name is accepted in the spelling AWS uses there, for either kind of service", () => {
      expect(extra(["cn.com.amazonaws.cn-north-1.xray", "com.amazonaws.cn-north-1.kms", "sagemaker.api"], CN)).toEqual([
        "xray",
        "kms",
        "sagemaker.api",
      ]);
    });

    test("the other spelling is an error naming the right one", () => {
      expect(problems({ extraInterfaceEndpoints: ["com.amazonaws.cn-north-1.xray", "cn.com.amazonaws.cn-north-1.kms"] }, CN)).toEqual([
        `${where}com.amazonaws.cn-north-1.xray": is not the name of xray's endpoint service in cn-north-1: AWS's list (src/aws/endpoint-service-names.ts) names it cn.com.amazonaws.cn-north-1.xray there; use xray (or cn.com.amazonaws.cn-north-1.xray), or, if aws ec2 describe-vpc-endpoint-services --region cn-north-1 shows com.amazonaws.cn-north-1.xray, add xray to that list`,
        `${where}cn.com.amazonaws.cn-north-1.kms": is not the name of kms's endpoint service in cn-north-1: AWS's list (src/aws/endpoint-service-names.ts) names it com.amazonaws.cn-north-1.kms there; use kms (or com.amazonaws.cn-north-1.kms), or, if aws ec2 describe-vpc-endpoint-services --region cn-north-1 shows cn.com.amazonaws.cn-north-1.kms, add kms to that list`,
      ]);
    });

    test("another region's full name, in either spelling, is an error naming this region's", () => {
      expect(
        problems({ extraInterfaceEndpoints: ["cn.com.amazonaws.cn-northwest-1.xray", "com.amazonaws.ap-southeast-1.xray"] }, CN),
      ).toEqual([
        `${where}cn.com.amazonaws.cn-northwest-1.xray": is a service of cn-northwest-1, but this environment is in cn-north-1; an interface endpoint serves its own region: use xray (or cn.com.amazonaws.cn-north-1.xray)`,
        `${where}com.amazonaws.ap-southeast-1.xray": is a service of ap-southeast-1, but this environment is in cn-north-1; an interface endpoint serves its own region: use xray (or cn.com.amazonaws.cn-north-1.xray)`,
      ]);
    });

    test("Transcribe is cn.com.amazonaws.<region>.transcribe.cn there: built so from the short name, and that full name is read back as transcribe", () => {
      expect(extra(["cn.com.amazonaws.cn-north-1.transcribe.cn"], CN)).toEqual(["transcribe"]);
      expect(fullServiceName("cn-north-1", "transcribe")).toBe("cn.com.amazonaws.cn-north-1.transcribe.cn");
      expect(fullServiceName("ap-southeast-1", "transcribe")).toBe("com.amazonaws.ap-southeast-1.transcribe");
      expect(problems({ extraInterfaceEndpoints: ["com.amazonaws.cn-north-1.transcribe"] }, CN)).toEqual([
        expect.stringContaining("names it cn.com.amazonaws.cn-north-1.transcribe.cn there"),
      ]);
    });

    test("and in ap-southeast-1 the China spelling is an error too", () => {
      expect(problems({ extraInterfaceEndpoints: ["cn.com.amazonaws.ap-southeast-1.xray"] })).toEqual([
        `${where}cn.com.amazonaws.ap-southeast-1.xray": is not the name of xray's endpoint service in ap-southeast-1: AWS's list (src/aws/endpoint-service-names.ts) names it com.amazonaws.ap-southeast-1.xray there; use xray (or com.amazonaws.ap-southeast-1.xray), or, if aws ec2 describe-vpc-endpoint-services --region ap-southeast-1 shows cn.com.amazonaws.ap-southeast-1.xray, add xray to that list`,
      ]);
    });
  });
});

describe("AWS's published lists and limits, checked offline", () => {
  const load = (settings: Record<string, unknown>, env: Record<string, string> = {}) =>
    loadProjectConfig({ file: { environments: { prod: settings } }, env });

  test("every table names its source (an AWS page, or a repository file at a commit) and that source's date", () => {
    const tables = [REGIONS, OTHER_PARTITION_REGIONS, TAGS_PER_RESOURCE, TAG_KEY_LENGTH, TAG_VALUE_LENGTH, NAME_LENGTHS];
    for (const table of [...tables, INTERFACE_ENDPOINT_SERVICES]) {
      expect(table.source).toMatch(/https:\/\/docs\.aws\.amazon\.com\/|^[\w-]+\/[\w.-]+ \S+.* @ [0-9a-f]{40} \(\d{4}-\d{2}-\d{2}\)/);
      // A year alone only where the source carries no more (the PrivateLink guide's copyright).
      expect(table.asOf).toMatch(/^20\d\d(-\d{2}-\d{2})?$/);
      expect(table.asOf <= "2026-12-01").toBe(true);
    }
    for (const table of tables) expect(table.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  test("each region's partition is the one its ARNs are built with", () => {
    for (const [code, { partition }] of Object.entries(REGIONS.data)) expect([code, partitionOf(code)]).toEqual([code, partition]);
  });

  test("a region opened since the first list (ap-southeast-6, September 2025) is accepted, with its zones", () => {
    expect(problems({ region: "ap-southeast-6" })).toEqual([]);
    expect(problems({ region: "ap-southeast-6", availabilityZones: ["ap-southeast-6b", "ap-southeast-6c"] })).toEqual([]);
  });

  test("the default zones of a region whose letters differ by account are a warning that says how to choose; given zones are not", () => {
    const west = (settings: Record<string, unknown>) =>
      loadProjectConfig({ file: { environments: { prod: { region: "us-west-1", ...settings } } } });
    expect(west({}).warnings).toEqual([
      expect.stringMatching(
        /availabilityZones \(built-in default.*: some accounts do not have us-west-1b .*aws ec2 describe-availability-zones --region us-west-1 and set availabilityZones$/,
      ),
    ]);
    expect(west({ availabilityZones: ["us-west-1a", "us-west-1c"] }).warnings).toEqual([]);
    expect(loadProjectConfig({ file: { environments: { prod: {} } } }).warnings).toEqual([]);
  });

  test("a region of a partition the stacks are not written for is refused by name, not as made up", () => {
    expect(problems({ region: "us-iso-east-1" })).toEqual([
      expect.stringContaining('region = "us-iso-east-1": is a region of partition aws-iso, which the stacks are not written for'),
    ]);
    for (const code of Object.keys(OTHER_PARTITION_REGIONS.data)) {
      expect(REGIONS.data[code]).toBeUndefined();
      expect(problems({ region: code })).toEqual([
        expect.stringContaining(`is a region of partition ${OTHER_PARTITION_REGIONS.data[code]},`),
      ]);
    }
  });

  test("a made-up region of the right form is an error with a did-you-mean", () => {
    expect(problems({ region: "ap-southeast-9" })).toEqual([
      expect.stringMatching(
        /region = "ap-southeast-9": not an AWS region \(AWS's list as of \d{4}-\d{2}-\d{2}\)\. Did you mean ap-southeast-[1-7]/,
      ),
    ]);
    expect(problems({ state: { backend: "s3", bucket: "tf-state", region: "eu-wast-1" } })).toEqual([
      expect.stringContaining('state.region = "eu-wast-1": not an AWS region'),
    ]);
  });

  test("a zone the region does not have is an error listing its zones", () => {
    expect(problems({ availabilityZones: ["ap-southeast-1a", "ap-southeast-1z"] })).toEqual([
      expect.stringContaining(
        'availabilityZones = "ap-southeast-1z": not a zone of region ap-southeast-1; its zones are ap-southeast-1a, ap-southeast-1b, ap-southeast-1c',
      ),
    ]);
  });

  test("us-west-1 knows all three letters: accounts see two of them, not the same two", () => {
    expect(problems({ region: "us-west-1", availabilityZones: ["us-west-1a", "us-west-1c"] })).toEqual([]);
    expect(problems({ region: "ap-northeast-1", availabilityZones: ["ap-northeast-1a", "ap-northeast-1b"] })).toEqual([
      expect.stringContaining(
        '"ap-northeast-1b": not a zone of region ap-northeast-1; its zones are ap-northeast-1a, ap-northeast-1c, ap-northeast-1d',
      ),
    ]);
  });

  test("every published region's default zones are two of its own", () => {
    for (const code of Object.keys(REGIONS.data)) {
      const env = load({ vpcCidr: "10.0.0.0/16" }, { MLOPS_REGION: code }).environments[0];
      expect(env.availabilityZones).toEqual(zonesOf(code).slice(0, 2));
      expect(env.availabilityZones).toHaveLength(2);
    }
  });

  test("tags: the 50 per resource include the default tags and a subnet's own", () => {
    const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, "v"]));
    // 3 built-in default tags, a subnet's Name and kubernetes.io/role/elb: 45 of the user's fit.
    expect(load({ tags: tags(45) }).environments[0].tags).toEqual(tags(45));
    expect(problems({ tags: tags(60) })).toEqual([
      expect.stringContaining(
        'tags = "60 tags": AWS allows 50 tags per resource, default tags included; with the 3 built-in default tags and the subnets\' own 2, give at most 45',
      ),
    ]);
    expect(problems({ tags: tags(45), eksClusterName: "retail" })).toEqual([expect.stringContaining("give at most 44")]);
  });

  test("a tag key of 128 characters is an error: EC2 allows 127, and the default tags reach the VPC", () => {
    expect(TAG_KEY_LENGTH.data).toBe(127);
    expect(load({ tags: { ["k".repeat(127)]: "v".repeat(TAG_VALUE_LENGTH.data) } }).environments[0].tags).toEqual({
      ["k".repeat(127)]: "v".repeat(256),
    });
    expect(problems({ tags: { ["k".repeat(128)]: "v" } })).toEqual([
      expect.stringContaining("a tag key has at most 127 characters (EC2's limit)"),
    ]);
    expect(problems({ tags: { k: "v".repeat(257) } })).toEqual([expect.stringContaining("a tag value has at most 256 characters")]);
  });

  test("every name AWS limits is checked, not only the ALB's", () => {
    const found = problems({ namePrefix: "a".repeat(40) });
    expect(found.join("\n")).toMatch(/the flow-log IAM role name a{40}-hybrid-vpc-flow-logs-role has 66 characters, AWS allows 64/);
  });

  test("an endpoint service AWS does not list is a warning that names it; the known ones are not", () => {
    const config = load({ extraInterfaceEndpoints: ["foobar", "xray"] });
    expect(config.warnings).toEqual([
      expect.stringContaining('extraInterfaceEndpoints = "foobar": not a service AWS lists with an interface endpoint'),
    ]);
    const named = [...KNOWN_ENDPOINTS.map((e) => e.service), ...SERVICE_REQUIREMENTS.map((r) => r.service)];
    expect(named.filter((s) => !INTERFACE_ENDPOINT_SERVICES.data.includes(s))).toEqual([]);
  });

  test.each([
    ["workflows-omics", "omics.workflows"],
    ["data-servicediscovery", "servicediscovery-data"],
  ])("AWS's name %s is known, the misremembered %s warns", (real, wrong) => {
    expect(load({ extraInterfaceEndpoints: [real] }).warnings).toEqual([]);
    expect(load({ extraInterfaceEndpoints: [wrong] }).warnings).toEqual([expect.stringContaining(`"${wrong}": not a service AWS lists`)]);
  });

  test("IAM's endpoint is global (com.amazonaws.iam): no regional iam service is listed", () => {
    expect(load({ extraInterfaceEndpoints: ["iam"] }).warnings).toEqual([expect.stringContaining('"iam": not a service AWS lists')]);
  });

  test("every listed service name is one the setting accepts, once", () => {
    const names = INTERFACE_ENDPOINT_SERVICES.data;
    expect(names.filter((n) => !endpointService.safeParse(n).success)).toEqual([]);
    expect(new Set(names).size).toBe(names.length);
  });

  test("warnings and notes are of the selected environment only", () => {
    // dev without the cache: two caches in one region whose accounts are unknown are a warning of both (shared-account.test.ts).
    const file = {
      environments: { prod: {}, dev: { ...DEV, ecrPullThroughCache: false, extraInterfaceEndpoints: ["foobar", "ecr.api"] } },
    };
    expect(loadProjectConfig({ file })).toMatchObject({ warnings: [], notes: [] });
    const dev = loadProjectConfig({ file, env: { MLOPS_ENV: "dev" } });
    expect([dev.warnings.length, dev.notes.length]).toEqual([1, 1]);
  });

  test("a KMS key of another region, or another partition, is an error", () => {
    const key = (region: string, partition = "aws") =>
      `arn:${partition}:kms:${region}:123456789012:key/0123abcd-0123-4567-89ab-0123456789ab`;
    expect(problems({ flowLogKmsKeyArn: key("us-east-1") })).toEqual([
      expect.stringContaining(
        "the key is in us-east-1 but the flow-log group is in ap-southeast-1; CloudWatch Logs can only use a KMS key of its own region",
      ),
    ]);
    expect(problems({ flowLogKmsKeyArn: key("ap-southeast-1", "aws-cn") })).toEqual([
      expect.stringContaining("ap-southeast-1 is in partition aws: its ARNs start arn:aws:"),
    ]);
    expect(problems({ flowLogKmsKeyArn: key("ap-southeast-1") })).toEqual([]);
  });

  test.each(["010.0.0.0/16", "10.0.0.0/016", "10.00.0.0/16"])(
    "a CIDR with a leading zero (%s) is an error, not a plan-time trace",
    (cidr) => {
      expect(problems({ vpcCidr: cidr })).toEqual([expect.stringMatching(/vpcCidr = .*: has a leading zero; write 10\.0\.0\.0\/16/)]);
    },
  );
});

describe("a setting with no effect in the chosen combination names both settings", () => {
  test.each<[string, Record<string, unknown>, Record<string, string>, string]>([
    [
      "a state bucket with the local backend",
      { state: { bucket: "tf-state" } },
      {},
      'environments.prod.state.bucket = "tf-state": has no effect with state.backend "local": the local backend keeps the state in files at the project root; set state.backend "s3"',
    ],
    [
      "a state region from a variable with the local backend",
      {},
      { MLOPS_STATE_REGION: "eu-west-1" },
      'MLOPS_STATE_REGION (prod.state.region) = "eu-west-1": has no effect with state.backend "local"',
    ],
    [
      "an EKS cluster name with the subnet tags off",
      { eksClusterName: "retail", eksSubnetTags: false },
      {},
      'eksClusterName = "retail": has no effect with eksSubnetTags false: the cluster tag is one of the EKS subnet tags, which are off',
    ],
    [
      "a bucket list with S3 access open",
      { s3EndpointAccess: "open", s3EndpointAllowedBuckets: ["retail-models"] },
      {},
      's3EndpointAllowedBuckets = ["retail-models"]: has no effect with s3EndpointAccess "open"',
    ],
    [
      "cluster features with the walkthrough's endpoint set",
      { endpointSet: "ecr-and-logs", clusterFeatures: ["irsa"] },
      {},
      'clusterFeatures = ["irsa"]: has no effect with endpointSet "ecr-and-logs"',
    ],
    [
      "a tag key given twice in MLOPS_TAGS",
      {},
      { MLOPS_TAGS: "team=a,cost=1,team=b" },
      'MLOPS_TAGS (prod.tags) = "team=a,cost=1,team=b": the tag team is given twice (team=a, then team=b); give each key once',
    ],
    [
      "a tag key the stacks set already",
      { tags: { environment: "production" } },
      {},
      'tags = "environment": every resource already gets the tag environment (the tags project, environment, managed-by are built in)',
    ],
  ])("%s is an error", (_, settings, env, message) => {
    expect(problems(settings, env)).toEqual([expect.stringContaining(message)]);
  });

  test("a cost threshold with no e-mail is a warning: the alarm tells no one", () => {
    const config = loadProjectConfig({ file: { environments: { prod: { costAlarmThresholdUsd: 50 } } } });
    expect(config.warnings).toEqual([
      'config/environments.json environments.prod.costAlarmThresholdUsd = 50: has no effect with costAlarmEmail "": the alarm is created, but its topic has no subscriber: it tells no one; set costAlarmEmail',
    ]);
  });

  test.each([
    ["the file", { endpointSet: "seed" }, {}, 'config/environments.json environments.prod.endpointSet = "seed"'],
    ["a variable", {}, { MLOPS_ENDPOINT_SET: "seed" }, 'MLOPS_ENDPOINT_SET (prod.endpointSet) = "seed"'],
  ])('the old endpointSet value "seed" in %s still works as "ecr-and-logs", with a deprecation warning', (_, settings, env, where) => {
    const config = loadProjectConfig({ file: { environments: { prod: settings } }, env });
    expect(config.environments.find((e) => e.name === "prod")?.endpointSet).toBe("ecr-and-logs");
    expect(config.warnings).toEqual([`${where}: deprecated, now called "ecr-and-logs" (the same thing); write "ecr-and-logs"`]);
  });

  test("only a listed old name is renamed: other values, and names of Object's own, are still refused", () => {
    for (const value of ["constructor", "toString", "Seed"]) {
      expect(problems({ endpointSet: value }, {})).toEqual([expect.stringContaining('use one of "cluster", "ecr-and-logs", "none"')]);
    }
  });

  test("defaults and empty values are never reported: the built-in combinations are quiet", () => {
    const config = loadProjectConfig({ file: checkedInConfig, env: { MLOPS_ENV: "dev", MLOPS_STATE_BUCKET: "", MLOPS_TAGS: "a=1,b=2" } });
    expect([config.warnings, config.notes]).toEqual([[], []]);
  });
});

describe("numbers and files that do not parse say so in words", () => {
  test.each<[string, Record<string, unknown>, Record<string, string>, string]>([
    [
      "1e309 in the file",
      { flowLogRetentionDays: JSON.parse("1e309") },
      {},
      "flowLogRetentionDays = Infinity: is too large to be a number; use a finite number",
    ],
    [
      "a 310-digit number in a variable",
      {},
      { MLOPS_API_TARGET_PORT: "1" + "0".repeat(309) },
      "MLOPS_API_TARGET_PORT (prod.apiTargetPort) = Infinity: is too large to be a number",
    ],
    ["80.5 as a port", { apiTargetPort: 80.5 }, {}, "apiTargetPort = 80.5: use a whole TCP port 1-65535"],
    ["80.5 as a port in a variable", {}, { MLOPS_API_TARGET_PORT: "80.5" }, "apiTargetPort) = 80.5: use a whole TCP port 1-65535"],
  ])("%s", (_, settings, env, message) => {
    expect(problems(settings, env)).toEqual([expect.stringContaining(message)]);
  });

  test.each([
    ["an empty file", "", 'config.json:1:1: the file is empty; it holds {"environments": {"prod": {}}} at least'],
    ["only spaces", "  \n", "config.json:1:1: the file is empty"],
    ["a missing value", '{"environments": {,}}', "config.json:1:19: JSON syntax error: value expected"],
  ])("%s", (_, text, message) => {
    expect(parseStrictJson(text).problems.map((p) => `config.json:${p}`)).toEqual([expect.stringContaining(message)]);
  });

  test("a byte-order mark before the JSON is read past", () => {
    expect(parseStrictJson('\uFEFF{"environments": {"prod": {}}}')).toEqual({ value: { environments: { prod: {} } }, problems: [] });
  });
});

describe("CIDR arithmetic", () => {
  test("parses network addresses into ranges", () => {
    expect(parseCidr("10.0.0.0/16")).toEqual({ first: 167772160, last: 167837695, prefix: 16 });
    expect(parseCidr("255.255.255.255/32")).toEqual({ first: 4294967295, last: 4294967295, prefix: 32 });
    expect(parseCidr("10.0.0.0/33")).toBe("has a prefix length above 32");
  });
});
