import { z } from "zod";
import { SERVICE_NAME_FORM } from "../aws/endpoint-service-names";
import { OTHER_PARTITION_REGIONS, REGIONS, TAG_KEY_LENGTH, TAG_VALUE_LENGTH } from "./aws-published";
import { suggestion } from "./did-you-mean";

/**
 * String types of the configuration. Every string reaches the synthesized JSON, where Terraform
 * evaluates `${…}` and `%{…}`: a tag value `${file("id_rsa")}` would read a local file into AWS.
 * So every string type starts from `plainText`, which refuses template sequences.
 */
export const plainText = z.string().refine((s) => !/[$%]\{/.test(s), {
  message: "contains a Terraform template sequence (${ or %{), which Terraform would evaluate; use plain text",
});

const matching = (pattern: RegExp, fix: string) => plainText.regex(pattern, { message: fix });

/** A string that may be empty (the setting is off) or must match. */
export const emptyOr = (pattern: RegExp, fix: string) =>
  plainText.refine((s) => s === "" || pattern.test(s), { message: `${fix}, or empty` });

// Two to four letters first: eusc-de-east-1 (the European Sovereign Cloud) is refused by name, not by form.
export const REGION = /^[a-z]{2,4}(-gov|-iso[a-z]*)?(-[a-z]+)+-\d$/;
/** A region AWS has published (aws-published.ts): a code of the right form may still be made up. */
export const regionName = matching(REGION, "use an AWS region code such as ap-southeast-1").superRefine((code, ctx) => {
  if (!REGION.test(code) || code in REGIONS.data) return;
  const otherPartition = OTHER_PARTITION_REGIONS.data[code];
  ctx.addIssue({
    code: "custom",
    message: otherPartition
      ? `is a region of partition ${otherPartition}, which the stacks are not written for (their ARNs and endpoint names are those of aws, aws-cn and aws-us-gov); use a region of those`
      : `not an AWS region (AWS's list as of ${REGIONS.asOf}).${suggestion(code, Object.keys(REGIONS.data))} The regions are ${Object.keys(REGIONS.data).join(", ")}; a region opened since belongs in src/config/aws-published.ts`,
  });
});

export const BUCKET = /^(?!xn--|sthree-|.*-s3alias$|.*--ol-s3$)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
export const bucketName = matching(BUCKET, "use an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens, not an ARN");

/** Tag keys and values: AWS's character set and lengths (aws-published.ts); `aws:` is reserved for AWS. */
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
export const tagKey = plainText
  .min(1, { message: "a tag key needs at least one character" })
  .max(TAG_KEY_LENGTH.data, { message: `a tag key has at most ${TAG_KEY_LENGTH.data} characters (EC2's limit)` })
  .regex(TAG_CHARS, { message: "a tag key may hold letters, digits, spaces and _ . : / = + - @" })
  .refine((k) => !k.toLowerCase().startsWith("aws:"), { message: "tag keys starting with aws: are reserved for AWS" });
export const tagValue = plainText
  .max(TAG_VALUE_LENGTH.data, { message: `a tag value has at most ${TAG_VALUE_LENGTH.data} characters` })
  .regex(TAG_CHARS, { message: "a tag value may hold letters, digits, spaces and _ . : / = + - @" });

export const email = emptyOr(
  /^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/,
  "use an e-mail address such as ops@example.com",
);

/** EKS: 1-100 characters, alphanumerics, hyphens and underscores, starting alphanumeric. */
export const clusterName = emptyOr(
  /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/,
  "use 1-100 letters, digits, hyphens or underscores, starting with a letter or digit",
);

/** S3 key prefix of the state files: safe key characters, no leading or trailing slash. */
export const keyPrefix = matching(
  /^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/,
  "use S3 key characters (letters, digits, ! _ . * ' ( ) -) in /-separated parts, without leading or trailing /",
);

/** An environment's name: a key of the file's `environments`. */
export const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,15}$/;
export const environmentName = emptyOr(ENVIRONMENT_NAME, "name another environment of the file, e.g. prod");
export const accountId = emptyOr(/^\d{12}$/, "use a 12-digit AWS account id such as 123456789012 (quoted in JSON: a string)");
export const securityGroupId = emptyOr(/^sg-[0-9a-f]{8,17}$/, "use a security group id such as sg-0123456789abcdef0");
export const kmsKeyArn = emptyOr(
  /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/,
  "use a KMS key ARN arn:aws:kms:<region>:<account>:key/<uuid>",
);
export const certificateArn = emptyOr(
  /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/,
  "use an ACM certificate ARN arn:aws:acm:<region>:<12-digit account>:certificate/<uuid>",
);

/**
 * A DNS name the team owns, lowercase, without a trailing dot: ACM issues certificates for such
 * names, never for the ALB's own `*.elb.amazonaws.com` name.
 */
export const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;
export const dnsName = emptyOr(DNS_NAME, "use a lowercase DNS name such as forecast.example.com, without a trailing dot");

/** Route 53 hosted zone ids as the console shows them (without the API's `/hostedzone/`): upper-case letters and digits, Z… in AWS. */
export const hostedZoneId = emptyOr(/^[0-9A-Z]{1,32}$/, "use a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ");

/**
 * An interface endpoint service: the short name (`xray`, `sagemaker.runtime`) or the full one,
 * `com.amazonaws.<region>.<service>` (`cn.com.amazonaws.…` for many services in China), which the
 * loader shortens for the environment's own region.
 */
export const endpointService = matching(
  SERVICE_NAME_FORM,
  "use an interface endpoint service's name: short (xray, sagemaker.runtime) or full for the environment's region (com.amazonaws.<region>.xray; cn.com.amazonaws.<region>.xray in China)",
);

/** Names of ALBs and target groups (the prefix starts them): lowercase, digits, inner hyphens. */
export const namePrefix = matching(
  /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/,
  "use lowercase letters, digits and inner hyphens (ALB names allow no more)",
).refine((p) => p !== "internal" && !p.startsWith("internal-"), {
  message: 'AWS refuses load balancer names that begin with "internal-"; pick another prefix',
});

export const healthCheckPath = matching(/^\/[A-Za-z0-9\-._~!$&'()*+,;=:@/%]{0,1023}$/, "use a URL path starting with /, e.g. /health");
