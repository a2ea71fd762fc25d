/**
 * VPC endpoint service names: `com.amazonaws.<region>.<service>`, except in the China regions,
 * where many interface endpoint services are named `cn.com.amazonaws.<region>.<service>` (and the
 * others keep `com.amazonaws.`). Gateway endpoints (S3, DynamoDB) and their prefix lists keep
 * `com.amazonaws.` everywhere: `com.amazonaws.cn-north-1.s3` is the gateway, `cn.com.amazonaws.cn-north-1.s3`
 * the S3 interface endpoint.
 *
 * Which services carry the `cn.` prefix, per China region, as of 2026-12: the list aws-cdk keeps for
 * its interface endpoints (`packages/aws-cdk-lib/aws-ec2/lib/vpc-endpoint.ts`, from `aws ec2
 * describe-vpc-endpoint-services --region cn-north-1`). To refresh: that command, per region; a
 * name listed there as `cn.com.amazonaws.<region>.<service>` belongs here. Amazon Transcribe's is
 * also suffixed, `cn.com.amazonaws.<region>.transcribe.cn` (aws-cdk's `InterfaceVpcEndpointAwsService.TRANSCRIBE`).
 */
// prettier-ignore
const COMMON_CN_PREFIXED = [
  "application-autoscaling", "appmesh-envoy-management", "athena", "autoscaling", "awsconnector", "backup", "batch",
  "cassandra", "cloudcontrolapi", "cloudformation", "codedeploy-commands-secure", "databrew", "dms", "ebs", "ec2",
  "ecr.api", "ecr.dkr", "eks", "elasticache", "elasticbeanstalk", "elasticfilesystem", "elasticfilesystem-fips",
  "emr-containers", "execute-api", "fsx", "imagebuilder", "iot.data", "kinesis-streams", "lambda", "license-manager",
  "monitoring", "rds", "redshift", "redshift-data", "s3", "sagemaker.api", "sagemaker.featurestore-runtime",
  "sagemaker.runtime", "securityhub", "servicecatalog", "sms", "sqs", "states", "sts", "sync-states", "synthetics",
  "transcribestreaming", "transfer", "xray",
];

export const CN_PREFIXED_SERVICES: Readonly<Record<string, readonly string[]>> = {
  "cn-north-1": [...COMMON_CN_PREFIXED, "iotsitewise.api", "iotsitewise.data"].sort(),
  "cn-northwest-1": [...COMMON_CN_PREFIXED, "account", "polly", "workspaces"].sort(),
};

/** Services whose China name also ends in `.cn`, after the `cn.` prefix. */
const CN_SUFFIXED = ["transcribe"];
const isChina = (region: string) => region in CN_PREFIXED_SERVICES;

export type EndpointKind = "Interface" | "Gateway";

/** The prefix AWS names `service`'s endpoint service with in `region`: `cn.com.amazonaws` or `com.amazonaws`. */
export function serviceNamePrefix(region: string, service: string, kind: EndpointKind = "Interface"): string {
  const prefixed = CN_PREFIXED_SERVICES[region]?.includes(service) || (isChina(region) && CN_SUFFIXED.includes(service));
  return kind === "Interface" && prefixed ? "cn.com.amazonaws" : "com.amazonaws";
}

/** `<prefix>.<region>.<service>`, as AWS and Terraform write an endpoint's service name. */
export function fullServiceName(region: string, service: string, kind: EndpointKind = "Interface"): string {
  const suffix = kind === "Interface" && isChina(region) && CN_SUFFIXED.includes(service) ? ".cn" : "";
  return `${serviceNamePrefix(region, service, kind)}.${region}.${service}${suffix}`;
}

/** A PrivateLink service of another account, `com.amazonaws.vpce.<region>.vpce-svc-…`: not one of AWS's services. */
export const isPartnerServiceName = (name: string) => /^com\.amazonaws\.vpce\./.test(name);

/** A full service name's parts, in either spelling (`com.amazonaws.` or `cn.com.amazonaws.`); undefined for a short name. */
export function parseFullServiceName(name: string): { prefix: string; region: string; service: string } | undefined {
  // `com.amazonaws.vpce.<region>.vpce-svc-…` is a PrivateLink service of another account, not one of AWS's.
  const m = /^((?:cn\.)?com\.amazonaws)\.(?!vpce\.)([a-z0-9-]+)\.(.+)$/.exec(name);
  if (!m) return undefined;
  const [, prefix, region, service] = m;
  const unsuffixed = service.replace(/\.cn$/, "");
  const suffixed = prefix === "cn.com.amazonaws" && CN_SUFFIXED.includes(unsuffixed);
  return { prefix, region, service: suffixed ? unsuffixed : service };
}
