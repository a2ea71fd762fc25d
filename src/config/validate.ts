import { contains, Ipv4Block, overlaps, parseCidr } from "./cidr";
import { OPTIONAL_ENDPOINTS } from "./endpoint-services";
import { resourceNames } from "./names";
import { EnvironmentConfig } from "./types";

/** CloudWatch Logs accepts only these retention periods. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** ALB and target group names: at most 32 characters, letters, digits and hyphens. */
const ELB_NAME_MAX = 32;

/** How a key is named in messages: its place in the file and, when it has one, its variable. */
export type KeyLabel = (key: string) => string;

/** Returns one message per problem, each naming the key, the bad value and what would be valid. */
export function validateEnvironment(env: EnvironmentConfig, label: KeyLabel): string[] {
  const problems: string[] = [];
  const bad = (key: string, value: unknown, fix: string) =>
    problems.push(`${label(key)} = ${JSON.stringify(value)}: ${fix}`);

  if (!/^[a-z][a-z0-9-]{0,15}$/.test(env.name)) {
    bad("name", env.name, "use 1-16 lowercase letters, digits or hyphens, starting with a letter");
  }
  if (!/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/.test(env.region)) {
    bad("region", env.region, "use an AWS region code such as ap-southeast-1");
  }
  validateZones(env, bad);
  validateCidrs(env, bad);
  validateNames(env, bad);
  if (env.certificateArn !== "") {
    const problem = certificateArnProblem(env.certificateArn, env.region);
    if (problem) bad("certificateArn", env.certificateArn, problem);
  }
  const known = OPTIONAL_ENDPOINTS.map((e) => e.service);
  for (const service of env.extraInterfaceEndpoints) {
    if (!known.includes(service)) {
      bad("extraInterfaceEndpoints", service, `unknown endpoint service; use one of ${known.join(", ")}`);
    }
  }
  if (env.endpointsPeerSecurityGroupId !== "" && !/^sg-[0-9a-f]{8,17}$/.test(env.endpointsPeerSecurityGroupId)) {
    bad("endpointsPeerSecurityGroupId", env.endpointsPeerSecurityGroupId, "use a security group id such as sg-0123456789abcdef0, or empty for none");
  }
  if (!LOG_RETENTION_DAYS.includes(env.flowLogRetentionDays)) {
    bad("flowLogRetentionDays", env.flowLogRetentionDays, `CloudWatch Logs accepts ${LOG_RETENTION_DAYS.join(", ")}`);
  }
  if (env.flowLogKmsKeyArn !== "" && !/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/.test(env.flowLogKmsKeyArn)) {
    bad("flowLogKmsKeyArn", env.flowLogKmsKeyArn, "use a KMS key ARN arn:aws:kms:<region>:<account>:key/<uuid>, or empty");
  }
  for (const bucket of env.s3EndpointAllowedBuckets) {
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
      bad("s3EndpointAllowedBuckets", bucket, "use S3 bucket names (3-63 lowercase letters, digits, dots, hyphens), not ARNs");
    }
  }
  if (env.costAlarmThresholdUsd < 0) {
    bad("costAlarmThresholdUsd", env.costAlarmThresholdUsd, "use a positive USD amount, or 0 for no alarm");
  }
  if (env.costAlarmEmail !== "" && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(env.costAlarmEmail)) {
    bad("costAlarmEmail", env.costAlarmEmail, "use an e-mail address, or empty");
  }
  if (env.costAlarmEmail !== "" && env.costAlarmThresholdUsd === 0) {
    bad("costAlarmEmail", env.costAlarmEmail, "set costAlarmThresholdUsd too, or the alarm is not created");
  }
  if (env.state.backend === "s3") {
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(env.state.bucket ?? "")) {
      bad("state.bucket", env.state.bucket ?? "", "the s3 backend needs the name of an existing state bucket");
    }
  } else if (env.state.backend !== "local") {
    bad("state.backend", (env.state as { backend: string }).backend, 'use "local" or "s3"');
  }
  return problems;
}

type Bad = (key: string, value: unknown, fix: string) => void;

function validateZones(env: EnvironmentConfig, bad: Bad) {
  const zones = env.availabilityZones;
  if (zones.length < 2) bad("availabilityZones", zones, "an ALB needs subnets in at least 2 availability zones");
  for (const az of zones) {
    if (!new RegExp(`^${env.region}[a-z]$`).test(az)) {
      bad("availabilityZones", az, `not a zone of region ${env.region}; use ${env.region}a, ${env.region}b, …`);
    }
  }
  const repeated = zones.filter((az, i) => zones.indexOf(az) !== i);
  if (repeated.length > 0) bad("availabilityZones", repeated[0], "each availability zone may appear once");
  for (const key of ["publicSubnetCidrs", "privateSubnetCidrs"] as const) {
    if (env[key].length !== zones.length) {
      bad(key, env[key], `give one CIDR per availability zone (${zones.length})`);
    }
  }
}

function validateCidrs(env: EnvironmentConfig, bad: Bad) {
  const vpc = parseCidr(env.vpcCidr);
  if (typeof vpc === "string") {
    bad("vpcCidr", env.vpcCidr, `${vpc}`);
  } else if (vpc.prefix < 16 || vpc.prefix > 28) {
    bad("vpcCidr", env.vpcCidr, "a VPC CIDR must be between /16 and /28");
  }
  const seen: { key: string; cidr: string; block: Ipv4Block }[] = [];
  for (const key of ["publicSubnetCidrs", "privateSubnetCidrs"] as const) {
    for (const cidr of env[key]) {
      const block = parseCidr(cidr);
      if (typeof block === "string") {
        bad(key, cidr, block);
        continue;
      }
      if (block.prefix > 28) bad(key, cidr, "a subnet must be /28 or larger");
      if (typeof vpc !== "string" && !contains(vpc, block)) {
        bad(key, cidr, `lies outside the VPC ${env.vpcCidr}; pick a block inside it`);
      }
      const clash = seen.find((s) => overlaps(s.block, block));
      if (clash) bad(key, cidr, `overlaps ${clash.cidr} of ${clash.key}; subnets must not overlap`);
      seen.push({ key, cidr, block });
    }
  }
}

function validateNames(env: EnvironmentConfig, bad: Bad) {
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(env.namePrefix)) {
    bad("namePrefix", env.namePrefix, "use lowercase letters, digits and inner hyphens (ALB names allow no more)");
    return;
  }
  const names = resourceNames(env);
  for (const [what, name] of [["ALB", names.alb], ["target group", names.targetGroup]]) {
    if (name.length > ELB_NAME_MAX) {
      const room = ELB_NAME_MAX - (name.length - env.namePrefix.length);
      bad("namePrefix", env.namePrefix, `the ${what} name ${name} has ${name.length} characters, AWS allows ${ELB_NAME_MAX}; use a prefix of at most ${room}`);
    }
  }
}

/** Why `arn` cannot be the demo ALB's certificate in `region`, or undefined when it can. */
export function certificateArnProblem(arn: string, region: string): string | undefined {
  const m = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[0-9a-f-]{36}$/.exec(arn);
  if (!m) return "not an ACM certificate ARN; expected arn:aws:acm:<region>:<12-digit account>:certificate/<uuid>";
  if (m[1] !== region) {
    return `the certificate is in ${m[1]} but the ALB is in ${region}; an ALB can only use an ACM certificate of its own region`;
  }
  return undefined;
}
