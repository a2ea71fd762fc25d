import { arn } from "../aws/partition";

/** Who the S3 gateway endpoint lets through; see the `s3EndpointAccess` setting. */
export type S3EndpointAccess = "account" | "buckets" | "open";

export interface S3EndpointPolicyProps {
  readonly access: S3EndpointAccess;
  readonly region: string;
  /** The account's id (a reference resolved at apply time). */
  readonly accountId: string;
  /** Buckets allowed with access "buckets". */
  readonly buckets: readonly string[];
}

/**
 * Buckets AWS owns that nodes read through the endpoint: ECR's image layers and the AL2023 package
 * repository (`dnf` over HTTPS). Without them image pulls and `dnf` fail. AL2's buckets are left
 * out: its `yum` fetches the mirror list over HTTP (port 80), which the nodes may not send, so
 * granting them would open nothing that works (docs/design.md#endpoints).
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html#ecr-minimum-s3-perms
 */
export function awsOwnedBuckets(region: string): string[] {
  return [`prod-${region}-starport-layer-bucket`, `al2023-repos-${region}-de612dc2`];
}

/**
 * The S3 gateway endpoint's policy. With no NAT the endpoints are the only way out of the private
 * subnets, so "any bucket in the world" would be an exfiltration path: by default only buckets of
 * this account used by this account's principals, and the AWS-owned buckets nodes read. Undefined for "open"
 * (AWS's full-access default).
 */
export function s3EndpointPolicy(props: S3EndpointPolicyProps): object | undefined {
  if (props.access === "open") return undefined;
  const bucketArn = (resource: string) => arn(props.region, { service: "s3", resource });
  const own =
    props.access === "account"
      ? {
          Sid: "AllowThisAccountsBuckets",
          Effect: "Allow",
          Principal: "*",
          Action: "s3:*",
          Resource: "*",
          // Both accounts: a bucket of ours is no way out for another account's credentials.
          Condition: { StringEquals: { "aws:PrincipalAccount": props.accountId, "aws:ResourceAccount": props.accountId } },
        }
      : {
          Sid: "AllowNamedBuckets",
          Effect: "Allow",
          Principal: "*",
          Action: "s3:*",
          Resource: props.buckets.flatMap((b) => [bucketArn(b), bucketArn(`${b}/*`)]),
        };
  return {
    Version: "2012-10-17",
    Statement: [
      own,
      {
        Sid: "AllowAwsOwnedBucketsNodesRead",
        Effect: "Allow",
        Principal: "*",
        Action: "s3:GetObject",
        Resource: awsOwnedBuckets(props.region).map((b) => bucketArn(`${b}/*`)),
      },
    ],
  };
}
