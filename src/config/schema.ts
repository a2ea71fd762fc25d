import { z } from "zod";
import { CLUSTER_FEATURES, DEFAULT_CLUSTER_FEATURES } from "../eks/cluster-requirements";
import { defaultSubnetCidrs, defaultZones } from "./derive";
import * as text from "./strings";

/** CloudWatch Logs accepts only these retention periods. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export const DEFAULT_STATE_KEY_PREFIX = "mlops-retail-forecast";

/** A default computed from the settings declared before it (`values` holds their valid values). */
export interface DerivedDefault<T> {
  readonly derive: (values: Readonly<Record<string, unknown>>) => T | undefined;
  /** What it derives from, for messages and the README: e.g. "the region's first two zones". */
  readonly from: string;
}

/** One setting: everything about it is declared here and nowhere else. */
export interface Setting<S extends z.ZodType = z.ZodType> {
  readonly schema: S;
  readonly default: z.output<S> | DerivedDefault<z.output<S>>;
  /** The environment variable that overrides it for the selected environment (`MLOPS_ENV`). */
  readonly variable: string;
  readonly description: string;
}

const subnets = (v: Readonly<Record<string, unknown>>) =>
  v.vpcCidr && v.availabilityZones ? defaultSubnetCidrs(v.vpcCidr as string, (v.availabilityZones as string[]).length) : undefined;
const setting = <S extends z.ZodType>(s: Setting<S>) => s;
const derived = <T>(from: string, derive: DerivedDefault<T>["derive"]): DerivedDefault<T> => ({ from, derive });
export const isDerived = (d: unknown): d is DerivedDefault<unknown> => typeof d === "object" && d !== null && "derive" in d;

const port = z.number().int().min(1, { message: "use a TCP port 1-65535" }).max(65535, { message: "use a TCP port 1-65535" });
const count = (min: number, max: number, what: string) =>
  z
    .number()
    .int({ message: `use a whole number of ${what}` })
    .min(min, { message: `use ${min}-${max} ${what}` })
    .max(max, { message: `use ${min}-${max} ${what}` });
const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { message: `use one of ${values.map((v) => JSON.stringify(v)).join(", ")}` });

/**
 * Every setting of an environment, in the order defaults derive: a derived default may read
 * only the settings above it. The README's configuration table is generated from this.
 */
export const SETTINGS = {
  region: setting({
    schema: text.regionName,
    default: "ap-southeast-1",
    variable: "MLOPS_REGION",
    description: "AWS region of both stacks",
  }),
  availabilityZones: setting({
    schema: z.array(text.plainText).min(2, { message: "an ALB needs subnets in at least 2 availability zones" }),
    default: derived("the region's first two zones", (v) => (v.region ? defaultZones(v.region as string) : undefined)),
    variable: "MLOPS_AVAILABILITY_ZONES",
    description: "the AZs, one public and one private subnet each",
  }),
  vpcCidr: setting({ schema: text.plainText, default: "10.0.0.0/16", variable: "MLOPS_VPC_CIDR", description: "VPC IPv4 CIDR" }),
  publicSubnetCidrs: setting({
    schema: z.array(text.plainText),
    default: derived("vpcCidr and the zones: x.y.1.0/24, x.y.2.0/24, …", (v) => subnets(v)?.publicSubnetCidrs),
    variable: "MLOPS_PUBLIC_SUBNET_CIDRS",
    description: "public (ALB) subnet CIDRs, one per AZ",
  }),
  privateSubnetCidrs: setting({
    schema: z.array(text.plainText),
    default: derived("vpcCidr and the zones: x.y.101.0/24, x.y.102.0/24, …", (v) => subnets(v)?.privateSubnetCidrs),
    variable: "MLOPS_PRIVATE_SUBNET_CIDRS",
    description: "private (EKS) subnet CIDRs, one per AZ",
  }),
  namePrefix: setting({
    schema: text.namePrefix,
    default: "mlops",
    variable: "MLOPS_NAME_PREFIX",
    description: "first word of every name (`mlops` gives the seed's names)",
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
    description: "`prevent_destroy` on the VPC, subnets and security groups (see README: tearing down)",
  }),
  egress: setting({
    schema: choice(["vpc-endpoints", "nat-gateway"] as const),
    default: "vpc-endpoints",
    variable: "MLOPS_EGRESS",
    description: "how private subnets reach out: `vpc-endpoints` only (the seed), or `nat-gateway` (one NAT, internet egress)",
  }),
  clusterFeatures: setting({
    schema: z.array(choice(CLUSTER_FEATURES)),
    default: [...DEFAULT_CLUSTER_FEATURES],
    variable: "MLOPS_CLUSTER_FEATURES",
    description: `EKS features whose AWS APIs get endpoints: ${CLUSTER_FEATURES.join(", ")}`,
  }),
  endpointSet: setting({
    schema: choice(["cluster", "seed", "none"] as const),
    default: derived("egress: `cluster` with vpc-endpoints, `none` with nat-gateway", (v) =>
      v.egress === "nat-gateway" ? "none" : "cluster",
    ),
    variable: "MLOPS_ENDPOINT_SET",
    description:
      "interface endpoints: `cluster` (what the cluster features need), `seed` (ecr.api, ecr.dkr, logs: nodes cannot start without NAT), `none` (NAT egress only)",
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
    schema: z.array(text.bucketName),
    default: [],
    variable: "MLOPS_S3_ENDPOINT_ALLOWED_BUCKETS",
    description: "buckets the S3 endpoint allows with access `buckets`",
  }),
  s3EndpointAccess: setting({
    schema: choice(["account", "buckets", "open"] as const),
    default: derived("`buckets` when s3EndpointAllowedBuckets is set, else `account`", (v) =>
      (v.s3EndpointAllowedBuckets as string[] | undefined)?.length ? "buckets" : "account",
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
    schema: text.regionName,
    default: derived("region", (v) => v.region as string | undefined),
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

/** Settings a file entry may hold; the state.* ones sit in a `state` object there. */
export type SettingValues = { -readonly [K in SettingKey]: z.output<(typeof SETTINGS)[K]["schema"]> };
