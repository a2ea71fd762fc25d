import { contains, Ipv4Block, overlaps, parseCidr } from "./cidr";
import { alwaysCreatedServices } from "./endpoint-catalog";
import { resourceNames } from "./names";
import { SettingValues } from "./schema";

/** ALB and target group names: at most 32 characters. */
const ELB_NAME_MAX = 32;

/** Reports a problem with `key`: the label says where its value came from. */
export type Bad = (key: keyof SettingValues, value: unknown, fix: string) => void;

/**
 * Rules between settings, run on the values that passed their own schema (`values` lacks
 * the others, so a bad value is reported once, by its schema, not again here).
 */
export function crossCheck(values: Partial<SettingValues>, bad: Bad): void {
  checkZones(values, bad);
  checkCidrs(values, bad);
  checkNames(values, bad);
  const v = values;
  if (v.certificateArn && v.region) {
    const region = v.certificateArn.split(":")[3];
    if (region !== v.region) {
      bad(
        "certificateArn",
        v.certificateArn,
        `the certificate is in ${region} but the ALB is in ${v.region}; an ALB can only use an ACM certificate of its own region`,
      );
    }
  }
  const services =
    v.endpointSet !== undefined && v.extraInterfaceEndpoints !== undefined
      ? [...alwaysCreatedServices(v), ...v.extraInterfaceEndpoints]
      : undefined;
  if (services?.length === 0 && v.egress === "vpc-endpoints") {
    bad(
      "endpointSet",
      v.endpointSet,
      'with egress "vpc-endpoints" and no interface endpoint the private subnets reach nothing but S3, and EKS nodes could not start; use endpointSet "cluster", or egress "nat-gateway"',
    );
  }
  if (v.endpointsPeerSecurityGroupId && services?.length === 0) {
    bad(
      "endpointsPeerSecurityGroupId",
      v.endpointsPeerSecurityGroupId,
      "there is no interface endpoint for it to reach; remove it, or add endpoints (endpointSet, extraInterfaceEndpoints)",
    );
  }
  for (const service of v.openEndpointPolicies ?? []) {
    if (services && !services.includes(service))
      bad(
        "openEndpointPolicies",
        service,
        `this environment has no ${service} interface endpoint (it has ${services.join(", ") || "none"}); name one of those`,
      );
  }
  if (v.costAlarmEmail && v.costAlarmThresholdUsd === 0)
    bad("costAlarmEmail", v.costAlarmEmail, "set costAlarmThresholdUsd too, or the alarm is not created");
  if (v["state.backend"] === "s3" && v["state.bucket"] === "") {
    bad("state.bucket", "", "the s3 backend needs the name of an existing state bucket (MLOPS_STATE_BUCKET or state.bucket)");
  }
  if (v.s3EndpointAccess === "buckets" && v.s3EndpointAllowedBuckets?.length === 0) {
    bad("s3EndpointAccess", "buckets", "name the buckets in s3EndpointAllowedBuckets (MLOPS_S3_ENDPOINT_ALLOWED_BUCKETS)");
  }
  if (
    v.healthCheckTimeoutSeconds !== undefined &&
    v.healthCheckIntervalSeconds !== undefined &&
    v.healthCheckTimeoutSeconds >= v.healthCheckIntervalSeconds
  ) {
    bad(
      "healthCheckTimeoutSeconds",
      v.healthCheckTimeoutSeconds,
      `must be less than healthCheckIntervalSeconds (${v.healthCheckIntervalSeconds})`,
    );
  }
}

function checkZones(v: Partial<SettingValues>, bad: Bad) {
  const zones = v.availabilityZones;
  if (!zones) return;
  if (v.region) {
    for (const az of zones) {
      if (!new RegExp(`^${v.region}[a-z]$`).test(az))
        bad("availabilityZones", az, `not a zone of region ${v.region}; use ${v.region}a, ${v.region}b, …`);
    }
  }
  const repeated = zones.filter((az, i) => zones.indexOf(az) !== i);
  if (repeated.length > 0) bad("availabilityZones", repeated[0], "each availability zone may appear once");
}

function checkCidrs(v: Partial<SettingValues>, bad: Bad) {
  const vpc = v.vpcCidr === undefined ? undefined : parseCidr(v.vpcCidr);
  if (typeof vpc === "string") {
    bad("vpcCidr", v.vpcCidr, vpc);
  } else if (vpc && (vpc.prefix < 16 || vpc.prefix > 28)) {
    bad("vpcCidr", v.vpcCidr, "a VPC CIDR must be between /16 and /28");
  }
  const seen: { key: string; cidr: string; block: Ipv4Block }[] = [];
  for (const key of ["publicSubnetCidrs", "privateSubnetCidrs"] as const) {
    const cidrs = v[key];
    if (!cidrs) {
      if (typeof vpc === "object" && v.availabilityZones) {
        bad(
          key,
          undefined,
          `${v.vpcCidr} is too small for ${v.availabilityZones.length} public and ${v.availabilityZones.length} private subnets of /28 or more; give a larger vpcCidr or the subnet CIDRs`,
        );
      }
      continue;
    }
    if (v.availabilityZones && cidrs.length !== v.availabilityZones.length) {
      bad(key, cidrs, `give one CIDR per availability zone (${v.availabilityZones.length}), or leave it out to derive it from vpcCidr`);
    }
    for (const cidr of cidrs) {
      const block = parseCidr(cidr);
      if (typeof block === "string") {
        bad(key, cidr, block);
        continue;
      }
      if (block.prefix > 28) bad(key, cidr, "a subnet must be /28 or larger");
      if (typeof vpc === "object" && !contains(vpc, block)) bad(key, cidr, `lies outside the VPC ${v.vpcCidr}; pick a block inside it`);
      const clash = seen.find((s) => overlaps(s.block, block));
      if (clash) bad(key, cidr, `overlaps ${clash.cidr} of ${clash.key}; subnets must not overlap`);
      seen.push({ key, cidr, block });
    }
  }
}

function checkNames(v: Partial<SettingValues>, bad: Bad) {
  if (v.namePrefix === undefined) return;
  const names = resourceNames({ namePrefix: v.namePrefix });
  for (const [what, name] of [
    ["ALB", names.alb],
    ["target group", names.targetGroup],
  ]) {
    if (name.length > ELB_NAME_MAX) {
      const room = ELB_NAME_MAX - (name.length - v.namePrefix.length);
      bad(
        "namePrefix",
        v.namePrefix,
        `the ${what} name ${name} has ${name.length} characters, AWS allows ${ELB_NAME_MAX}; use a prefix of at most ${room}`,
      );
    }
  }
}
