/**
 * AWS partitions: every ARN starts `arn:<partition>:`, and a region belongs to exactly one. An ARN
 * written `arn:aws:` in cn-north-1 or us-gov-west-1 names nothing (IAM rejects the policy, or the
 * condition never matches), so every ARN the stacks build starts from `partitionOf(region)`.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */

/**
 * Region prefixes of the partitions other than `aws`, most specific first: botocore's
 * `regionRegex` per partition (botocore/data/endpoints.json). The configuration refuses the
 * isolated and sovereign ones by name; they are here so that no region is read as `aws` wrongly.
 */
const PARTITIONS: readonly (readonly [prefix: string, partition: string])[] = [
  ["cn-", "aws-cn"],
  ["us-gov-", "aws-us-gov"],
  ["us-isob-", "aws-iso-b"],
  ["us-isof-", "aws-iso-f"],
  ["us-iso-", "aws-iso"],
  ["eu-isoe-", "aws-iso-e"],
  ["eusc-", "aws-eusc"],
];

/** The partition of `region`: `aws-cn` for cn-north-1, `aws-us-gov` for us-gov-west-1, else `aws`. */
export function partitionOf(region: string): string {
  return PARTITIONS.find(([prefix]) => region.startsWith(prefix))?.[1] ?? "aws";
}

export interface ArnParts {
  readonly service: string;
  /** Empty for global resources (IAM, S3 buckets). */
  readonly region?: string;
  /** Empty for resources without an owner in the ARN (S3 buckets, AWS-owned images). */
  readonly account?: string;
  readonly resource: string;
}

/** `arn:<partition of inRegion>:<service>:<region>:<account>:<resource>`. */
export function arn(inRegion: string, parts: ArnParts): string {
  return `arn:${partitionOf(inRegion)}:${parts.service}:${parts.region ?? ""}:${parts.account ?? ""}:${parts.resource}`;
}
