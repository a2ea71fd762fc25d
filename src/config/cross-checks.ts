import { fullServiceName } from "../aws/endpoint-service-names";
import { INTERFACE_ENDPOINT_SERVICES, NAME_LENGTHS, region as publishedRegion, TAGS_PER_RESOURCE, zonesOf } from "./aws-published";
import { contains, Ipv4Block, parseCidr } from "./cidr";
import { alwaysCreatedServices } from "./endpoint-catalog";
import { BUILT_IN_TAG_KEYS, resourceNames } from "./names";
import { SettingValues } from "./schema";
import { LayoutInput, MIN_ZONES, vpcLayoutProblems } from "./vpc-layout";

/** Reports a problem with `key` (or a warning): the label says where its value came from. */
export type Bad = (key: keyof SettingValues, value: unknown, fix: string) => void;

/**
 * Rules between settings, run on the values that passed their own schema (`values` lacks
 * the others, so a bad value is reported once, by its schema, not again here). `warn` gets
 * what AWS may refuse but the offline data cannot decide.
 */
export function crossCheck(
  values: Partial<SettingValues>,
  bad: Bad,
  warn: Bad = () => {},
  defaulted: (key: keyof SettingValues) => boolean = () => false,
): void {
  checkZones(values, bad);
  if (defaulted("availabilityZones")) warnZonesNotInEveryAccount(values, warn);
  checkLayout(values, bad, warn);
  checkNames(values, bad);
  checkTags(values, bad);
  const v = values;
  checkArnRegion(v, "certificateArn", bad);
  checkArnRegion(v, "flowLogKmsKeyArn", bad);
  const named = (service: string) => (v.region ? fullServiceName(v.region, service) : `com.amazonaws.<region>.${service}`);
  for (const service of v.extraInterfaceEndpoints ?? []) {
    if (!INTERFACE_ENDPOINT_SERVICES.data.includes(service)) {
      warn(
        "extraInterfaceEndpoints",
        service,
        `not a service AWS lists with an interface endpoint (as of ${INTERFACE_ENDPOINT_SERVICES.asOf}); the apply fails unless ${named(service)} exists (aws ec2 describe-vpc-endpoint-services --service-names ${named(service)})`,
      );
    }
  }
  checkDemoDomain(values, bad);
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

/** What uses each ARN setting: AWS refuses a certificate or key of another region. */
const ARN_USERS = {
  certificateArn: { what: "certificate", user: "the ALB", rule: "an ALB can only use an ACM certificate of its own region" },
  flowLogKmsKeyArn: { what: "key", user: "the flow-log group", rule: "CloudWatch Logs can only use a KMS key of its own region" },
} as const;

/** An ARN of the environment's region and partition. */
function checkArnRegion(v: Partial<SettingValues>, key: keyof typeof ARN_USERS, bad: Bad) {
  const arn = v[key];
  if (!arn || !v.region) return;
  const [, partition, , region] = arn.split(":");
  const { what, user, rule } = ARN_USERS[key];
  const expected = publishedRegion(v.region)?.partition;
  if (region !== v.region) bad(key, arn, `the ${what} is in ${region} but ${user} is in ${v.region}; ${rule}`);
  else if (partition !== expected) bad(key, arn, `${v.region} is in partition ${expected}: its ARNs start arn:${expected}:`);
}

/** The default zones are the region's first letters, which not every account has in every region. */
function warnZonesNotInEveryAccount(v: Partial<SettingValues>, warn: Bad) {
  const lacking = v.region ? (publishedRegion(v.region)?.notInEveryAccount ?? "") : "";
  const doubtful = (v.availabilityZones ?? []).filter((az) => lacking.includes(az.slice(-1)));
  if (doubtful.length === 0) return;
  warn(
    "availabilityZones",
    v.availabilityZones,
    `some accounts do not have ${doubtful.join(", ")} (in ${v.region} each account sees only some of ${zonesOf(v.region ?? "").join(", ")}); list yours with aws ec2 describe-availability-zones --region ${v.region} and set availabilityZones`,
  );
}

/** The zones must be the region's; the rest of the layout is vpcLayoutProblems's. */
function checkZones(v: Partial<SettingValues>, bad: Bad) {
  const zones = v.availabilityZones;
  if (!zones || !v.region) return;
  const known = zonesOf(v.region);
  for (const az of zones) {
    if (!known.includes(az)) bad("availabilityZones", az, `not a zone of region ${v.region}; its zones are ${known.join(", ")}`);
  }
}

/** RFC 1918's private address ranges, which AWS recommends for a VPC. */
const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

/** The setting behind each input of the VPC's layout. */
const LAYOUT_SETTINGS: Record<LayoutInput, keyof SettingValues> = {
  cidr: "vpcCidr",
  availabilityZones: "availabilityZones",
  publicSubnetCidrs: "publicSubnetCidrs",
  privateSubnetCidrs: "privateSubnetCidrs",
};

/** The layout rules TwoTierVpc checks too (vpc-layout.ts), then what only the configuration knows. */
function checkLayout(v: Partial<SettingValues>, bad: Bad, warn: Bad) {
  const layout = {
    cidr: v.vpcCidr,
    availabilityZones: v.availabilityZones,
    publicSubnetCidrs: v.publicSubnetCidrs,
    privateSubnetCidrs: v.privateSubnetCidrs,
  };
  for (const p of vpcLayoutProblems(layout)) {
    // Left out, the subnet CIDRs are derived: the one fix a construct's caller does not have.
    bad(LAYOUT_SETTINGS[p.input], p.value, p.countMismatch ? `${p.fix}, or leave it out to derive it from vpcCidr` : p.fix);
  }
  const vpc = v.vpcCidr === undefined ? undefined : parseCidr(v.vpcCidr);
  if (typeof vpc !== "object") return;
  // AWS accepts a public range (one the owner holds), so this is a warning, not an error.
  if (!PRIVATE_RANGES.some((range) => contains(parseCidr(range) as Ipv4Block, vpc)))
    warn(
      "vpcCidr",
      v.vpcCidr,
      `lies outside the private address ranges (RFC 1918: ${PRIVATE_RANGES.join(", ")}): the internet hosts that use these addresses would be unreachable from the VPC; pick a block inside one of them unless this range is yours`,
    );
  const zones = v.availabilityZones;
  for (const key of ["publicSubnetCidrs", "privateSubnetCidrs"] as const) {
    // Not given and not derived: the VPC cannot be split into subnets of /28 or more.
    if (v[key] === undefined && zones && zones.length >= MIN_ZONES) {
      bad(
        key,
        undefined,
        `${v.vpcCidr} is too small for ${zones.length} public and ${zones.length} private subnets of /28 or more; give a larger vpcCidr or the subnet CIDRs`,
      );
    }
  }
}

function checkNames(v: Partial<SettingValues>, bad: Bad) {
  if (v.namePrefix === undefined) return;
  const names = resourceNames({ namePrefix: v.namePrefix });
  const limits = NAME_LENGTHS.data;
  const named: [string, string, number][] = [
    ["ALB", names.alb, limits.loadBalancer],
    ["target group", names.targetGroup, limits.targetGroup],
    ["flow-log IAM role", names.flowLogRole, limits.iamRole],
    ["flow-log group", names.flowLogGroup, limits.logGroup],
    ["cost alarm", names.costAlarm, limits.alarm],
    ["cost alarm topic", names.costAlarmTopic, limits.snsTopic],
    ...Object.values(names.securityGroups).map((name): [string, string, number] => ["security group", name, limits.securityGroup]),
  ];
  for (const [what, name, max] of named) {
    if (name.length > max) {
      const room = max - (name.length - v.namePrefix.length);
      bad(
        "namePrefix",
        v.namePrefix,
        `the ${what} name ${name} has ${name.length} characters, AWS allows ${max}; use a prefix of at most ${room}`,
      );
    }
  }
}

/** The demo's own name: a certificate made here for it, or one made elsewhere, in a zone that holds the name. */
function checkDemoDomain(v: Partial<SettingValues>, bad: Bad) {
  const name = v.demoDomainName;
  if (name && v.certificateArn) {
    bad(
      "demoDomainName",
      name,
      `certificateArn is set too (${v.certificateArn}); give demoDomainName and demoHostedZoneId for a certificate made here, or certificateArn for one made elsewhere, not both`,
    );
  }
  if (name && v.demoHostedZoneId === "") {
    bad(
      "demoHostedZoneId",
      "",
      `demoDomainName ${name} needs the id of the Route 53 hosted zone that holds it (Z…, shown in the Route 53 console)`,
    );
  }
  if (!name && v.demoHostedZoneId) {
    bad(
      "demoDomainName",
      "",
      `demoHostedZoneId ${v.demoHostedZoneId} is set: give the demo's host name in that zone too, or remove the zone id`,
    );
  }
  if (name?.endsWith(".amazonaws.com")) {
    bad("demoDomainName", name, "ACM issues certificates only for names you own, never for AWS's; use a name in your own hosted zone");
  }
  const zone = v.demoHostedZoneName;
  if (name && zone && name !== zone && !name.endsWith(`.${zone}`)) {
    bad(
      "demoDomainName",
      name,
      `is not in the hosted zone ${zone} (demoHostedZoneName); use a name ending in .${zone}, or name the zone that holds it`,
    );
  }
}

/**
 * AWS allows TAGS_PER_RESOURCE tags on a resource, the provider's default tags included: the
 * most-tagged resource (a subnet: Name and the load balancer tags) must stay within it.
 */
function checkTags(v: Partial<SettingValues>, bad: Bad) {
  if (!v.tags) return;
  for (const key of Object.keys(v.tags)) {
    if (key === "Name")
      bad(
        "tags",
        key,
        "the resources are named by their own Name tags (the walkthrough's names, from namePrefix, e.g. mlops-vpc), and a default Name would give every other resource this one name; remove it, and set namePrefix to rename",
      );
    else if (BUILT_IN_TAG_KEYS.includes(key))
      bad(
        "tags",
        key,
        `every resource already gets the tag ${key} (the tags ${BUILT_IN_TAG_KEYS.join(", ")} are built in); use another key`,
      );
  }
  const own = 1 + (v.eksSubnetTags ? 1 + (v.eksClusterName ? 1 : 0) : 0);
  const room = TAGS_PER_RESOURCE.data - BUILT_IN_TAG_KEYS.length - own;
  const count = Object.keys(v.tags).length;
  if (count > room) {
    bad(
      "tags",
      `${count} tags`,
      `AWS allows ${TAGS_PER_RESOURCE.data} tags per resource, default tags included; with the ${BUILT_IN_TAG_KEYS.length} built-in default tags and the subnets' own ${own}, give at most ${room}`,
    );
  }
}
