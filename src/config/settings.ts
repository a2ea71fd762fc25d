import { EnvironmentConfig } from "./types";

type Kind = "string" | "list" | "boolean" | "number" | "tags";

/** One configuration key: its environment variable and how a value of it is read. */
export interface Setting {
  readonly key: keyof EnvironmentConfig | "state.backend" | "state.bucket" | "state.region" | "state.keyPrefix";
  readonly variable: string;
  readonly kind: Kind;
  readonly meaning: string;
}

/**
 * Every key an environment accepts, with the environment variable that overrides it. The README's
 * configuration table is checked against this list by a test, so the two cannot drift.
 */
export const SETTINGS: readonly Setting[] = [
  { key: "region", variable: "MLOPS_REGION", kind: "string", meaning: "AWS region of both stacks" },
  { key: "availabilityZones", variable: "MLOPS_AVAILABILITY_ZONES", kind: "list", meaning: "the AZs, one public and one private subnet each" },
  { key: "vpcCidr", variable: "MLOPS_VPC_CIDR", kind: "string", meaning: "VPC IPv4 CIDR" },
  { key: "publicSubnetCidrs", variable: "MLOPS_PUBLIC_SUBNET_CIDRS", kind: "list", meaning: "public (ALB) subnet CIDRs, one per AZ" },
  { key: "privateSubnetCidrs", variable: "MLOPS_PRIVATE_SUBNET_CIDRS", kind: "list", meaning: "private (EKS) subnet CIDRs, one per AZ" },
  { key: "namePrefix", variable: "MLOPS_NAME_PREFIX", kind: "string", meaning: "first word of every name (`mlops` gives the seed's names)" },
  { key: "tags", variable: "MLOPS_TAGS", kind: "tags", meaning: "extra default tags, `key=value,key=value`" },
  { key: "certificateArn", variable: "CERTIFICATE_ARN", kind: "string", meaning: "ACM certificate for the demo ALB; empty: HTTP only" },
  { key: "eksSubnetTags", variable: "MLOPS_EKS_SUBNET_TAGS", kind: "boolean", meaning: "`kubernetes.io/role/elb` / `internal-elb` subnet tags" },
  { key: "eksClusterName", variable: "MLOPS_EKS_CLUSTER_NAME", kind: "string", meaning: "adds `kubernetes.io/cluster/<name>=shared` to the subnets" },
  { key: "sagemakerRuntimeEndpoint", variable: "MLOPS_SAGEMAKER_RUNTIME_ENDPOINT", kind: "boolean", meaning: "adds the `sagemaker.runtime` interface endpoint" },
  { key: "eksPrivateClusterEndpoints", variable: "MLOPS_EKS_PRIVATE_CLUSTER_ENDPOINTS", kind: "boolean", meaning: "adds ec2, sts, elasticloadbalancing, eks-auth endpoints" },
  { key: "extraInterfaceEndpoints", variable: "MLOPS_EXTRA_INTERFACE_ENDPOINTS", kind: "list", meaning: "more interface endpoints by service name (README list)" },
  { key: "endpointsPeerSecurityGroupId", variable: "MLOPS_ENDPOINTS_PEER_SG_ID", kind: "string", meaning: "SG of a peered VPC allowed to the endpoints on 443" },
  { key: "flowLogRetentionDays", variable: "MLOPS_FLOW_LOG_RETENTION_DAYS", kind: "number", meaning: "flow-log retention in days" },
  { key: "flowLogKmsKeyArn", variable: "MLOPS_FLOW_LOG_KMS_KEY_ARN", kind: "string", meaning: "KMS key for the flow-log group; empty: AWS-owned" },
  { key: "s3EndpointAllowedBuckets", variable: "MLOPS_S3_ENDPOINT_ALLOWED_BUCKETS", kind: "list", meaning: "restrict the S3 endpoint to these buckets (+ ECR layers); empty: full access" },
  { key: "costAlarmThresholdUsd", variable: "MLOPS_COST_ALARM_THRESHOLD_USD", kind: "number", meaning: "VPC cost alarm threshold in USD (us-east-1; the account must have billing alerts on); 0: no alarm" },
  { key: "costAlarmEmail", variable: "MLOPS_COST_ALARM_EMAIL", kind: "string", meaning: "e-mail subscribed to the cost alarm" },
  { key: "state.backend", variable: "MLOPS_STATE_BACKEND", kind: "string", meaning: "`local` or `s3`" },
  { key: "state.bucket", variable: "MLOPS_STATE_BUCKET", kind: "string", meaning: "S3 state bucket (backend `s3`)" },
  { key: "state.region", variable: "MLOPS_STATE_REGION", kind: "string", meaning: "region of the state bucket" },
  { key: "state.keyPrefix", variable: "MLOPS_STATE_KEY_PREFIX", kind: "string", meaning: "state key prefix; key is `<prefix>/<stack>.tfstate`" },
];

/** Reads an environment variable's text as a value of `kind`, or returns why it cannot. */
export function parseVariable(kind: Kind, text: string): unknown {
  switch (kind) {
    case "string":
      return text.trim();
    case "list":
      return text.split(",").map((s) => s.trim()).filter((s) => s !== "");
    case "boolean":
      if (/^(true|1|yes|on)$/i.test(text.trim())) return true;
      if (/^(false|0|no|off)?$/i.test(text.trim())) return false;
      return new TypeError("expected true or false");
    case "number":
      return text.trim() === "" || isNaN(Number(text)) ? new TypeError("expected a number") : Number(text);
    case "tags": {
      const tags: Record<string, string> = {};
      for (const pair of text.split(",").map((s) => s.trim()).filter((s) => s !== "")) {
        const eq = pair.indexOf("=");
        if (eq <= 0) return new TypeError(`expected key=value pairs, got "${pair}"`);
        tags[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
      }
      return tags;
    }
  }
}

/** Whether a value read from the JSON file is of `kind`. */
export function isOfKind(kind: Kind, value: unknown): boolean {
  switch (kind) {
    case "string":
      return typeof value === "string";
    case "list":
      return Array.isArray(value) && value.every((v) => typeof v === "string");
    case "boolean":
      return typeof value === "boolean";
    case "number":
      return typeof value === "number" && isFinite(value);
    case "tags":
      return typeof value === "object" && value !== null && !Array.isArray(value) &&
        Object.values(value).every((v) => typeof v === "string");
  }
}
