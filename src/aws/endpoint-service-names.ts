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

declare const SHORT_NAME: unique symbol;

/**
 * An AWS service's VPC endpoint service by its short name, the `<service>` of
 * `com.amazonaws.<region>.<service>`: one of the catalogue's constants below
 * (`EndpointServiceName.ECR_API`), as AWS CDK's `InterfaceVpcEndpointAwsService` names them, or
 * `EndpointServiceName.of(name)` for a service the catalogue does not list (the catalog is open:
 * any service of the right form, such as a user's `extraInterfaceEndpoints`). A string at run time,
 * so it is compared, used as a key and written into the stacks as one.
 */
export type EndpointServiceName = string & { readonly [SHORT_NAME]: true };

/**
 * The form of a service name: lower-case words joined by dots or hyphens. Short names (`ecr.api`,
 * `eks-auth`) have it, and so do full ones (`com.amazonaws.ap-southeast-1.ecr.api`).
 */
export const SERVICE_NAME_FORM = /^[a-z0-9]+([.-][a-z0-9]+)*$/;

const named = (name: string) => name as EndpointServiceName;

/** The services this project names in code; any other is `EndpointServiceName.of(name)`. */
export const EndpointServiceName = Object.freeze({
  /** S3: the gateway endpoint (also an interface service of the same name). */
  S3: named("s3"),
  EC2: named("ec2"),
  /** ECR's API: auth tokens and manifests. */
  ECR_API: named("ecr.api"),
  /** ECR's Docker registry. */
  ECR_DKR: named("ecr.dkr"),
  /** CloudWatch Logs. */
  LOGS: named("logs"),
  STS: named("sts"),
  EKS: named("eks"),
  /** The EKS Pod Identity agent's credentials. */
  EKS_AUTH: named("eks-auth"),
  ELASTIC_LOAD_BALANCING: named("elasticloadbalancing"),
  AUTOSCALING: named("autoscaling"),
  SSM: named("ssm"),
  SSM_MESSAGES: named("ssmmessages"),
  EC2_MESSAGES: named("ec2messages"),
  SAGEMAKER_RUNTIME: named("sagemaker.runtime"),
  SAGEMAKER_API: named("sagemaker.api"),
  XRAY: named("xray"),
  /** CloudWatch metrics. */
  MONITORING: named("monitoring"),
  KMS: named("kms"),
  SECRETS_MANAGER: named("secretsmanager"),

  /**
   * A service the constants do not list, by its short name. Throws when `name` is not one: not of
   * the form, a full name (give its last part), or another account's PrivateLink service.
   */
  of(name: string): EndpointServiceName {
    const full = parseFullServiceName(name);
    if (full) throw new Error(`endpoint service "${name}" is a full name; give the short one, ${full.service}`);
    if (isPartnerServiceName(name) || !SERVICE_NAME_FORM.test(name)) {
      throw new Error(`endpoint service "${name}" is not the short name of an AWS service, such as xray or sagemaker.runtime`);
    }
    return named(name);
  },
});
