import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError, loadProjectConfig, loadProjectConfigFile } from "../src/config/load";
import { z } from "zod";
import { derivationProblems, SETTING_KEYS, SETTINGS } from "../src/config/schema";
import { configurationTable } from "../src/tools/readme-tables";

/** Loads `file` with `env`; returns the environments, or the problems as one string. */
function load(file: unknown, env: Record<string, string> = {}) {
  try {
    return loadProjectConfig({ file, env });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems.join("\n");
  }
}
const prod = (settings: Record<string, unknown>, env: Record<string, string> = {}) => load({ environments: { prod: settings } }, env);

describe("one schema: each setting declared once", () => {
  test("every setting has its type, default, variable and description, and the settings table (docs/configuration.md) lists them all", () => {
    const table = configurationTable();
    for (const key of SETTING_KEYS) {
      const s = SETTINGS[key];
      expect([key, typeof s.variable, typeof s.description, s.default !== undefined]).toEqual([key, "string", "string", true]);
      expect(table).toContain(`| \`${key}\` | \`${s.variable}\` |`);
    }
    expect(new Set(SETTING_KEYS.map((k) => SETTINGS[k].variable)).size).toBe(SETTING_KEYS.length);
  });
});

describe("derived defaults declare their inputs, and the order is checked when the schema loads", () => {
  test("the schema as declared has no problem", () => {
    expect(derivationProblems(SETTINGS)).toEqual([]);
  });

  test("moving state.region above region is an error, not a silently dropped value", () => {
    const { "state.region": stateRegion, ...rest } = SETTINGS;
    expect(derivationProblems({ "state.region": stateRegion, ...rest })).toEqual([
      "SETTINGS.state.region: its default derives from region, which is declared after it; move region above state.region",
    ]);
  });

  test("an input that is no setting, or read with another schema, is an error", () => {
    const reads = (inputs: Record<string, z.ZodType>) => ({
      region: SETTINGS.region,
      zone: { ...SETTINGS.availabilityZones, default: { from: "x", inputs, derive: () => undefined } },
    });
    expect(derivationProblems(reads({ regoin: z.string() }))).toEqual([
      "SETTINGS.zone: its default derives from regoin, which is no setting",
    ]);
    expect(derivationProblems(reads({ region: z.string() }))).toEqual([
      "SETTINGS.zone: its default reads region with another schema than region's own",
    ]);
  });
});

describe("defaults derive from each other", () => {
  test("MLOPS_REGION=eu-west-1 alone gives a valid environment in that region's first two zones", () => {
    const config = prod({}, { MLOPS_REGION: "eu-west-1" });
    expect(typeof config).toBe("object");
    expect((config as any).environments[0]).toMatchObject({ region: "eu-west-1", availabilityZones: ["eu-west-1a", "eu-west-1b"] });
  });

  test("ap-northeast-1 has no b zone for anyone: its first two zones are a and c", () => {
    expect((prod({ region: "ap-northeast-1" }) as any).environments[0].availabilityZones).toEqual(["ap-northeast-1a", "ap-northeast-1c"]);
  });

  test("vpcCidr and three zones give six non-overlapping subnets in the walkthrough's layout", () => {
    const env = (prod({ vpcCidr: "10.2.0.0/16", availabilityZones: ["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"] }) as any)
      .environments[0];
    expect(env.publicSubnetCidrs).toEqual(["10.2.1.0/24", "10.2.2.0/24", "10.2.3.0/24"]);
    expect(env.privateSubnetCidrs).toEqual(["10.2.101.0/24", "10.2.102.0/24", "10.2.103.0/24"]);
  });

  test("a VPC too small for the walkthrough's layout is split into equal blocks", () => {
    const env = (prod({ vpcCidr: "10.2.0.0/20" }) as any).environments[0];
    expect(env.publicSubnetCidrs).toEqual(["10.2.0.0/22", "10.2.4.0/22"]);
    expect(env.privateSubnetCidrs).toEqual(["10.2.8.0/22", "10.2.12.0/22"]);
  });

  test("explicit lists still win", () => {
    const env = (prod({ publicSubnetCidrs: ["10.0.11.0/24", "10.0.12.0/24"] }) as any).environments[0];
    expect(env.publicSubnetCidrs).toEqual(["10.0.11.0/24", "10.0.12.0/24"]);
    expect(env.privateSubnetCidrs).toEqual(["10.0.101.0/24", "10.0.102.0/24"]);
  });

  test("endpointSet none with endpoint egress is valid when the endpoints are named one by one", () => {
    const named = ["ec2", "ecr.api", "ecr.dkr", "logs", "sts", "elasticloadbalancing"];
    const config = prod({ endpointSet: "none", extraInterfaceEndpoints: named }) as any;
    expect(config.environments[0]).toMatchObject({ endpointSet: "none", egress: "vpc-endpoints", extraInterfaceEndpoints: named });
  });

  test("NAT egress defaults to no interface endpoints; the bucket list defaults the S3 access to buckets", () => {
    expect((prod({ egress: "nat-gateway" }) as any).environments[0].endpointSet).toBe("none");
    expect((prod({ s3EndpointAllowedBuckets: ["retail-models"] }) as any).environments[0].s3EndpointAccess).toBe("buckets");
  });
});

describe("errors name where the value came from", () => {
  test.each<[string, unknown, Record<string, string>, RegExp]>([
    [
      "a derived default names what it derives from",
      { environments: { prod: { availabilityZones: ["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"], vpcCidr: "10.0.0.0/28" } } },
      {},
      /prod\.publicSubnetCidrs \(built-in default, derived from vpcCidr and the zones: x\.y\.1\.0\/24, x\.y\.2\.0\/24, …\): 10\.0\.0\.0\/28 is too small for 3 public and 3 private subnets/,
    ],
    [
      "a variable names itself",
      { environments: { prod: {} } },
      { MLOPS_REGION: "eu-west-1", MLOPS_AVAILABILITY_ZONES: "ap-southeast-1a,eu-west-1b" },
      /MLOPS_AVAILABILITY_ZONES \(prod\.availabilityZones\) = "ap-southeast-1a": not a zone of region eu-west-1/,
    ],
    ["environments as an array", { environments: [{ name: "prod" }] }, {}, /environments: must be an object keyed by environment name/],
    [
      "tags with a number",
      { environments: { prod: { tags: { team: 7 } } } },
      {},
      /tags\["team"\] = 7: expected an object of tag names to string values/,
    ],
    [
      "a null environment",
      { environments: { prod: null } },
      {},
      /environments\.prod: expected an object of settings, e.g\. \{\} for all the defaults; got null/,
    ],
    [
      "the s3 backend without a bucket names the variable",
      { environments: { prod: {} } },
      { MLOPS_STATE_BACKEND: "s3" },
      /state\.bucket .*MLOPS_STATE_BUCKET/,
    ],
    [
      "a removed setting says what replaced it",
      { environments: { prod: { eksPrivateClusterEndpoints: true } } },
      {},
      /eksPrivateClusterEndpoints: was replaced by endpointSet and clusterFeatures/,
    ],
    [
      "no interface endpoints and no NAT: nodes could not start",
      { environments: { prod: { endpointSet: "none" } } },
      {},
      /endpointSet .*"none": with egress "vpc-endpoints" and no interface endpoint .*use endpointSet "cluster", or egress "nat-gateway"/,
    ],
    [
      "a peered group allowed to the endpoints where there is none",
      { environments: { prod: { egress: "nat-gateway", endpointsPeerSecurityGroupId: "sg-0123456789abcdef0" } } },
      {},
      /endpointsPeerSecurityGroupId .*"sg-0123456789abcdef0": there is no interface endpoint for it to reach/,
    ],
    [
      "an unknown cluster feature",
      { environments: { prod: { clusterFeatures: ["irsa", "karpenter"] } } },
      {},
      /clusterFeatures\[1\] = "karpenter": use one of "irsa", "pod-identity"/,
    ],
    [
      "a health check timeout not below the interval",
      { environments: { prod: { healthCheckTimeoutSeconds: 30 } } },
      {},
      /healthCheckTimeoutSeconds = 30: must be less than healthCheckIntervalSeconds \(30\)/,
    ],
    [
      "a port out of range",
      { environments: { prod: {} } },
      { MLOPS_API_TARGET_PORT: "70000" },
      /MLOPS_API_TARGET_PORT \(prod\.apiTargetPort\) = 70000: use a TCP port 1-65535/,
    ],
  ])("%s", (_, file, env, message) => {
    expect(load(file, env)).toMatch(message);
  });

  test("naming an endpoint that is always created is a no-op with a note", () => {
    const config = prod({}, { MLOPS_EXTRA_INTERFACE_ENDPOINTS: "ecr.api,xray" }) as any;
    expect(config.notes).toEqual([
      expect.stringMatching(
        /MLOPS_EXTRA_INTERFACE_ENDPOINTS \(prod\.extraInterfaceEndpoints\): ecr\.api is always created in this environment; naming it changes nothing/,
      ),
    ]);
  });

  test("any interface service of the right form is accepted (the catalog is open)", () => {
    expect(
      (prod({ extraInterfaceEndpoints: ["bedrock-runtime", "sagemaker.featurestore-runtime"] }) as any).environments[0]
        .extraInterfaceEndpoints,
    ).toHaveLength(2);
  });
});

describe("the configuration file", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "config-file-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  const errorOf = (file: string) => {
    try {
      loadProjectConfigFile(file, {});
      return "";
    } catch (e) {
      return (e as Error).message;
    }
  };

  test("a syntax error is reported as file:line:column", () => {
    const file = write("syntax.json", '{\n  "environments": {\n    "prod": { "vpcCidr": "10.0.0.0/16", }\n  }\n}\n');
    expect(errorOf(file)).toContain(`${file}:3:41: JSON syntax error: property name expected`);
  });

  test("duplicate keys are errors, not silently dropped", () => {
    const file = write("dup.json", '{\n  "environments": {\n    "prod": { "vpcCidr": "10.0.0.0/16", "vpcCidr": "10.1.0.0/16" }\n  }\n}\n');
    expect(errorOf(file)).toMatch(/dup\.json:3:41: duplicate key "environments\.prod\.vpcCidr" \(first at 3:15\)/);
  });

  test("an absolute path is shown as given", () => {
    const file = write("bad.json", '{ "environments": { "prod": { "region": "mars" } } }');
    expect(path.isAbsolute(file)).toBe(true);
    expect(errorOf(file)).toContain(`${file} environments.prod.region = "mars"`);
  });
});

describe("no injection: template sequences and AWS patterns, for every string that reaches the JSON", () => {
  test.each<[string, Record<string, string>, RegExp]>([
    ["a tag value", { MLOPS_TAGS: 'owner=${file("id_rsa")}' }, /MLOPS_TAGS \(prod\.tags\)\["owner"\] = .*Terraform template sequence/],
    ["a tag key", { MLOPS_TAGS: "%{if true}x%{endif}=1" }, /MLOPS_TAGS \(prod\.tags\)\[.*Terraform template sequence/],
    [
      "the cost alarm e-mail",
      { MLOPS_COST_ALARM_EMAIL: 'x${upper("a")}@example.com', MLOPS_COST_ALARM_THRESHOLD_USD: "30" },
      /MLOPS_COST_ALARM_EMAIL .*Terraform template sequence/,
    ],
    ["the cluster name", { MLOPS_EKS_CLUSTER_NAME: "c${1+1}" }, /MLOPS_EKS_CLUSTER_NAME .*Terraform template sequence/],
    ["the state key prefix", { MLOPS_STATE_KEY_PREFIX: "${path.cwd}" }, /MLOPS_STATE_KEY_PREFIX .*Terraform template sequence/],
    ["the health check path", { MLOPS_HEALTH_CHECK_PATH: "/${path.module}" }, /MLOPS_HEALTH_CHECK_PATH .*Terraform template sequence/],
    ["an extra endpoint", { MLOPS_EXTRA_INTERFACE_ENDPOINTS: "${var.x}" }, /MLOPS_EXTRA_INTERFACE_ENDPOINTS .*Terraform template sequence/],
    [
      "the state region",
      { MLOPS_STATE_REGION: "not a region" },
      /MLOPS_STATE_REGION \(prod\.state\.region\) = "not a region": use an AWS region code/,
    ],
    [
      "the state bucket",
      { MLOPS_STATE_BACKEND: "s3", MLOPS_STATE_BUCKET: "My_Bucket" },
      /MLOPS_STATE_BUCKET .*use the name of an existing S3 bucket/,
    ],
    [
      "a tag key AWS reserves",
      { MLOPS_TAGS: "aws:owner=me" },
      /\["aws:owner"\] = "aws:owner": tag keys starting with aws: are reserved for AWS/,
    ],
    [
      "a cluster name with spaces",
      { MLOPS_EKS_CLUSTER_NAME: "retail forecast" },
      /MLOPS_EKS_CLUSTER_NAME .*use 1-100 letters, digits, hyphens or underscores/,
    ],
    [
      "a name prefix AWS refuses for load balancers",
      { MLOPS_NAME_PREFIX: "internal" },
      /MLOPS_NAME_PREFIX .*AWS refuses load balancer names that begin with "internal-"/,
    ],
    ["an e-mail that is none", { MLOPS_COST_ALARM_EMAIL: "ops at example", MLOPS_COST_ALARM_THRESHOLD_USD: "30" }, /use an e-mail address/],
    [
      "a KMS key ARN with a template",
      { MLOPS_FLOW_LOG_KMS_KEY_ARN: "${aws_kms_key.k.arn}" },
      /MLOPS_FLOW_LOG_KMS_KEY_ARN .*Terraform template sequence/,
    ],
  ])("%s", (_, env, message) => {
    expect(prod({}, env)).toMatch(message);
  });
});
