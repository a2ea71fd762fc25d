import { z } from "zod";
import { EndpointServiceName } from "../aws/endpoint-service-names";
import { CLUSTER_FEATURES, DEFAULT_CLUSTER_FEATURES, ECR_PUBLIC_CACHE, needsPullThroughCache } from "../eks/cluster-requirements";
import { defaultSubnetCidrs, defaultZones } from "./derive";
import { ECR_AND_LOGS_ENDPOINTS } from "./endpoint-catalog";
import * as text from "./strings";

/** CloudWatch Logs accepts only these retention periods. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export const DEFAULT_STATE_KEY_PREFIX = "mlops-retail-forecast";

/**
 * A default computed from other settings. It declares its inputs with their schemas, so that
 * `derive` is typed by them (no casts) and the loader hands it exactly those valid values.
 */
export interface DerivedDefault<T> {
  /** The settings it reads, each with the schema it was declared with (checked when SETTINGS loads). */
  readonly inputs: Readonly<Record<string, z.ZodType>>;
  readonly derive: (values: Readonly<Record<string, unknown>>) => T | undefined;
  /** What it derives from, for messages and docs/configuration.md's settings table, e.g. "the region's first two zones". */
  readonly from: string;
}

/** One setting: everything about it is declared here and nowhere else. */
export interface Setting<S extends z.ZodType = z.ZodType> {
  readonly schema: S;
  readonly default: z.output<S> | DerivedDefault<z.output<S>>;
  /** The environment variable that overrides it for the selected environment (`MLOPS_ENV`). */
  readonly variable: string;
  readonly description: string;
  /**
   * Values this setting used to accept under another name: old -> current. An old value still works,
   * read as the current one with a deprecation warning naming both. @default none
   */
  readonly renamedValues?: Readonly<Record<string, z.output<S>>>;
}

const setting = <S extends z.ZodType>(s: Setting<S>) => s;
/** `derive` gets the valid values of `inputs` (settings declared above it, with these same schemas). */
const derived = <I extends Record<string, z.ZodType>, T>(
  from: string,
  inputs: I,
  derive: (values: { readonly [K in keyof I]: z.output<I[K]> }) => T | undefined,
): DerivedDefault<T> => ({
  from,
  inputs,
  // The loader passes only inputs that passed these schemas (and checkDerivations that they are the settings'): typed by them.
  derive: (values) => derive(values as { readonly [K in keyof I]: z.output<I[K]> }),
});
export const isDerived = (d: unknown): d is DerivedDefault<unknown> => typeof d === "object" && d !== null && "derive" in d;

const port = z
  .number()
  .int({ message: "use a whole TCP port 1-65535" })
  .min(1, { message: "use a TCP port 1-65535" })
  .max(65535, { message: "use a TCP port 1-65535" });
const count = (min: number, max: number, what: string) =>
  z
    .number()
    .int({ message: `use a whole number of ${what}` })
    .min(min, { message: `use ${min}-${max} ${what}` })
    .max(max, { message: `use ${min}-${max} ${what}` });
const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { message: `use one of ${values.map((v) => JSON.stringify(v)).join(", ")}` });

// Schemas that derived defaults read, shared with the settings they belong to.
const regionSchema = text.regionName;
// How many zones, and each once: vpc-layout.ts, which TwoTierVpc checks too.
const zonesSchema = z.array(text.plainText);
const vpcCidrSchema = text.plainText;
const egressSchema = choice(["vpc-endpoints", "nat-gateway"] as const);
const bucketsSchema = z.array(text.bucketName);
const featuresSchema = z.array(choice(CLUSTER_FEATURES));
const subnetInputs = { vpcCidr: vpcCidrSchema, availabilityZones: zonesSchema };

/**
 * Every setting of an environment, in the order defaults derive: a derived default may read
 * only the settings above it. The settings table of docs/configuration.md is generated from this.
 */
export const SETTINGS = {
  region: setting({
    schema: regionSchema,
    default: "ap-southeast-1",
    variable: "MLOPS_REGION",
    description: "AWS region of both stacks",
  }),
  availabilityZones: setting({
    schema: zonesSchema,
    default: derived("the region's first two zones", { region: regionSchema }, (v) => defaultZones(v.region)),
    variable: "MLOPS_AVAILABILITY_ZONES",
    description: "the AZs, one public and one private subnet each",
  }),
  vpcCidr: setting({ schema: vpcCidrSchema, default: "10.0.0.0/16", variable: "MLOPS_VPC_CIDR", description: "VPC IPv4 CIDR" }),
  publicSubnetCidrs: setting({
    schema: z.array(text.plainText),
    default: derived(
      "vpcCidr and the zones: x.y.1.0/24, x.y.2.0/24, …",
      subnetInputs,
      (v) => defaultSubnetCidrs(v.vpcCidr, v.availabilityZones.length)?.publicSubnetCidrs,
    ),
    variable: "MLOPS_PUBLIC_SUBNET_CIDRS",
    description: "public (ALB) subnet CIDRs, one per AZ",
  }),
  privateSubnetCidrs: setting({
    schema: z.array(text.plainText),
    default: derived(
      "vpcCidr and the zones: x.y.101.0/24, x.y.102.0/24, …",
      subnetInputs,
      (v) => defaultSubnetCidrs(v.vpcCidr, v.availabilityZones.length)?.privateSubnetCidrs,
    ),
    variable: "MLOPS_PRIVATE_SUBNET_CIDRS",
    description: "private (EKS) subnet CIDRs, one per AZ",
  }),
  namePrefix: setting({
    schema: text.namePrefix,
    default: "mlops",
    variable: "MLOPS_NAME_PREFIX",
    description: "first word of every name (`mlops` gives the walkthrough's names)",
  }),
  tags: setting({
    schema: z.record(text.tagKey, text.tagValue),
    default: {},
    variable: "MLOPS_TAGS",
    description: "extra default tags, `key=value,key=value`",
  }),
  accountId: setting({
    schema: text.accountId,
    default: "",
    variable: "MLOPS_ACCOUNT_ID",
    description:
      "the 12-digit AWS account the environment deploys to: the provider's `allowed_account_ids`, so a deploy with another account's credentials stops before any change; empty: any account",
  }),
  protect: setting({
    schema: z.boolean(),
    default: true,
    variable: "MLOPS_PROTECT",
    description:
      '`prevent_destroy` on the VPC, subnets, security groups and the flow-log group (README.md, section "Protection and teardown")',
  }),
  egress: setting({
    schema: egressSchema,
    default: "vpc-endpoints",
    variable: "MLOPS_EGRESS",
    description:
      "how private subnets reach out: `vpc-endpoints` only (the walkthrough's design), or `nat-gateway` (one NAT, internet egress)",
  }),
  clusterFeatures: setting({
    schema: featuresSchema,
    default: [...DEFAULT_CLUSTER_FEATURES],
    variable: "MLOPS_CLUSTER_FEATURES",
    description: `EKS features whose AWS APIs get endpoints: ${CLUSTER_FEATURES.join(", ")}`,
  }),
  ecrPullThroughCache: setting({
    schema: z.boolean(),
    default: derived(
      "on: every cluster pulls ECR Public images (the CloudWatch agent, Fluent Bit; the controller's with `load-balancer-controller`)",
      { clusterFeatures: featuresSchema },
      (v) => needsPullThroughCache(v.clusterFeatures),
    ),
    variable: "MLOPS_ECR_PULL_THROUGH_CACHE",
    description: `ECR pull-through cache rule for ECR Public (\`${ECR_PUBLIC_CACHE.prefix}/\` repositories) and the registry policy its first pulls need: the controller's, the CloudWatch agent's and Fluent Bit's images with no internet`,
  }),
  ecrRegistryOwner: setting({
    schema: text.environmentName,
    default: "",
    variable: "MLOPS_ECR_REGISTRY_OWNER",
    description:
      'the environment that owns the cache rule and the registry policy (one per account and region) when this one shares its account and region: this one then reads that rule and writes neither (deploy the owner first); empty: this environment owns its own (docs/configuration.md, section "Environments that share an account")',
  }),
  endpointSet: setting({
    schema: choice(["cluster", "ecr-and-logs", "none"] as const),
    default: derived("egress: `cluster` with vpc-endpoints, `none` with nat-gateway", { egress: egressSchema }, (v) =>
      v.egress === "nat-gateway" ? "none" : "cluster",
    ),
    variable: "MLOPS_ENDPOINT_SET",
    description:
      "interface endpoints: `cluster` (what the cluster features need), " +
      `\`ecr-and-logs\` (${ECR_AND_LOGS_ENDPOINTS.map((e) => e.service).join(", ")}: nodes cannot start without NAT), \`none\` (NAT egress only)`,
    renamedValues: { seed: "ecr-and-logs" },
  }),
  extraInterfaceEndpoints: setting({
    schema: z.array(text.endpointService),
    default: [],
    variable: "MLOPS_EXTRA_INTERFACE_ENDPOINTS",
    description: "more interface endpoints, any service name (e.g. `xray`)",
  }),
  sagemakerRuntimeEndpoint: setting({
    schema: z.boolean(),
    default: false,
    variable: "MLOPS_SAGEMAKER_RUNTIME_ENDPOINT",
    description: "adds the `sagemaker.runtime` interface endpoint",
  }),
  endpointsPeerSecurityGroupId: setting({
    schema: text.securityGroupId,
    default: "",
    variable: "MLOPS_ENDPOINTS_PEER_SG_ID",
    description: "SG of a peered VPC allowed to the endpoints on 443",
  }),
  s3EndpointAllowedBuckets: setting({
    schema: bucketsSchema,
    default: [],
    variable: "MLOPS_S3_ENDPOINT_ALLOWED_BUCKETS",
    description: "buckets the S3 endpoint allows with access `buckets`",
  }),
  s3EndpointAccess: setting({
    schema: choice(["account", "buckets", "open"] as const),
    default: derived("`buckets` when s3EndpointAllowedBuckets is set, else `account`", { s3EndpointAllowedBuckets: bucketsSchema }, (v) =>
      v.s3EndpointAllowedBuckets.length > 0 ? "buckets" : "account",
    ),
    variable: "MLOPS_S3_ENDPOINT_ACCESS",
    description: "S3 endpoint policy: `account` (own buckets + AWS buckets nodes need), `buckets` (only those listed), `open` (any bucket)",
  }),
  openEndpointPolicies: setting({
    schema: z.array(text.endpointService),
    default: [],
    variable: "MLOPS_OPEN_ENDPOINT_POLICIES",
    description:
      "interface endpoints left with AWS's full-access policy (any account's credentials pass); every other one admits only this account (SECURITY.md)",
  }),
  eksSubnetTags: setting({
    schema: z.boolean(),
    default: true,
    variable: "MLOPS_EKS_SUBNET_TAGS",
    description: "`kubernetes.io/role/elb` / `internal-elb` subnet tags",
  }),
  eksClusterName: setting({
    schema: text.clusterName,
    default: "",
    variable: "MLOPS_EKS_CLUSTER_NAME",
    description: "adds `kubernetes.io/cluster/<name>=shared` to the subnets",
  }),
  flowLogRetentionDays: setting({
    schema: z
      .number()
      .refine((d) => LOG_RETENTION_DAYS.includes(d), { message: `CloudWatch Logs accepts ${LOG_RETENTION_DAYS.join(", ")}` }),
    default: 365,
    variable: "MLOPS_FLOW_LOG_RETENTION_DAYS",
    description: "flow-log retention in days",
  }),
  flowLogKmsKeyArn: setting({
    schema: text.kmsKeyArn,
    default: "",
    variable: "MLOPS_FLOW_LOG_KMS_KEY_ARN",
    description: "KMS key for the flow-log group; empty: AWS-owned",
  }),
  costAlarmThresholdUsd: setting({
    schema: z.number().min(0, { message: "use a positive USD amount, or 0 for no alarm" }),
    default: 0,
    variable: "MLOPS_COST_ALARM_THRESHOLD_USD",
    description: "VPC cost alarm threshold in USD (us-east-1; the account must have billing alerts on); 0: no alarm",
  }),
  costAlarmEmail: setting({
    schema: text.email,
    default: "",
    variable: "MLOPS_COST_ALARM_EMAIL",
    description: "e-mail subscribed to the cost alarm",
  }),
  certificateArn: setting({
    schema: text.certificateArn,
    default: "",
    variable: "CERTIFICATE_ARN",
    description: "ACM certificate for the demo ALB; empty: HTTP only",
  }),
  demoDomainName: setting({
    schema: text.dnsName,
    default: "",
    variable: "MLOPS_DEMO_DOMAIN_NAME",
    description:
      "the demo's host name, e.g. `forecast.example.com`: a DNS-validated certificate (network stack) and an alias record to the ALB; empty: no name (HTTPS needs certificateArn then)",
  }),
  demoHostedZoneId: setting({
    schema: text.hostedZoneId,
    default: "",
    variable: "MLOPS_DEMO_HOSTED_ZONE_ID",
    description: "Route 53 hosted zone that holds demoDomainName: its validation and alias records go there",
  }),
  demoHostedZoneName: setting({
    schema: text.dnsName,
    default: derived("demoDomainName without its first label", { demoDomainName: text.dnsName }, (v) =>
      v.demoDomainName.replace(/^[^.]*\.?/, ""),
    ),
    variable: "MLOPS_DEMO_HOSTED_ZONE_NAME",
    description: "the name of demoHostedZoneId's zone; demoDomainName must be in it (checked at synth)",
  }),
  apiTargetPort: setting({
    schema: port,
    default: 80,
    variable: "MLOPS_API_TARGET_PORT",
    description: "port the API pods listen on: target group port, health check, nodes SG",
  }),
  albIdleTimeoutSeconds: setting({
    schema: count(1, 4000, "seconds"),
    default: 60,
    variable: "MLOPS_ALB_IDLE_TIMEOUT_SECONDS",
    description: "demo ALB idle timeout",
  }),
  healthCheckPath: setting({
    schema: text.healthCheckPath,
    default: "/health",
    variable: "MLOPS_HEALTH_CHECK_PATH",
    description: "target group health check path",
  }),
  healthCheckIntervalSeconds: setting({
    schema: count(5, 300, "seconds"),
    default: 30,
    variable: "MLOPS_HEALTH_CHECK_INTERVAL_SECONDS",
    description: "seconds between health checks",
  }),
  healthCheckTimeoutSeconds: setting({
    schema: count(2, 120, "seconds"),
    default: 5,
    variable: "MLOPS_HEALTH_CHECK_TIMEOUT_SECONDS",
    description: "health check timeout, less than the interval",
  }),
  healthCheckHealthyThreshold: setting({
    schema: count(2, 10, "checks"),
    default: 2,
    variable: "MLOPS_HEALTH_CHECK_HEALTHY_THRESHOLD",
    description: "passing checks before a pod gets traffic",
  }),
  healthCheckUnhealthyThreshold: setting({
    schema: count(2, 10, "checks"),
    default: 2,
    variable: "MLOPS_HEALTH_CHECK_UNHEALTHY_THRESHOLD",
    description: "failing checks before a pod loses traffic",
  }),
  "state.backend": setting({
    schema: choice(["local", "s3"] as const),
    default: "local",
    variable: "MLOPS_STATE_BACKEND",
    description: "`local` or `s3`",
  }),
  "state.bucket": setting({
    schema: text.emptyOr(text.BUCKET, "use the name of an existing S3 bucket"),
    default: "",
    variable: "MLOPS_STATE_BUCKET",
    description: "S3 state bucket (backend `s3`)",
  }),
  "state.region": setting({
    schema: regionSchema,
    default: derived("region", { region: regionSchema }, (v) => v.region),
    variable: "MLOPS_STATE_REGION",
    description: "region of the state bucket",
  }),
  "state.keyPrefix": setting({
    schema: text.keyPrefix,
    default: DEFAULT_STATE_KEY_PREFIX,
    variable: "MLOPS_STATE_KEY_PREFIX",
    description: "state key prefix; key is `<prefix>/<stack>.tfstate`",
  }),
} as const;

export type SettingKey = keyof typeof SETTINGS;
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/**
 * Problems with the order of derived defaults: each input must be a setting declared above the
 * one that reads it, with the same schema. Empty for SETTINGS (checked when this module loads).
 */
export function derivationProblems(settings: Readonly<Record<string, Setting>>): string[] {
  const keys = Object.keys(settings);
  return keys.flatMap((key, i) => {
    const d = settings[key].default;
    if (!isDerived(d)) return [];
    return Object.entries(d.inputs).flatMap(([input, schema]) => {
      const at = keys.indexOf(input);
      if (at < 0) return [`SETTINGS.${key}: its default derives from ${input}, which is no setting`];
      if (at >= i) return [`SETTINGS.${key}: its default derives from ${input}, which is declared after it; move ${input} above ${key}`];
      if (settings[input].schema !== schema) return [`SETTINGS.${key}: its default reads ${input} with another schema than ${input}'s own`];
      return [];
    });
  });
}

{
  const problems = derivationProblems(SETTINGS);
  if (problems.length > 0) throw new Error(`src/config/schema.ts: ${problems.join("; ")}`);
}

/** The settings that name endpoint services, short or full; the loader makes each a short `EndpointServiceName` before anything reads it. */
type ServiceListKey = "extraInterfaceEndpoints" | "openEndpointPolicies";

/** Settings a file entry may hold; the state.* ones sit in a `state` object there. */
export type SettingValues = {
  -readonly [K in SettingKey]: K extends ServiceListKey ? EndpointServiceName[] : z.output<(typeof SETTINGS)[K]["schema"]>;
};
