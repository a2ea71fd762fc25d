import { interfaceServices } from "../config/endpoint-catalog";
import { EnvironmentConfig } from "../config/types";
import { NETWORK_OUTPUTS, NetworkOutputName } from "../stacks/network-outputs";

/** `terraform output -json`: each output's value, with its type and sensitivity. */
export type TerraformOutputs = Record<string, { value: unknown }>;

/** Where a subnet is, as the emulator describes it. */
export interface SubnetFacts {
  readonly id: string;
  readonly availabilityZone?: string;
  readonly mapPublicIpOnLaunch?: boolean;
}

/** What an output's value must be; returns the problem or undefined. */
type OutputCheck = (value: unknown, env: EnvironmentConfig, subnets: Map<string, SubnetFacts>) => string | undefined;

const id =
  (prefix: string): OutputCheck =>
  (value) =>
    typeof value === "string" && value.startsWith(`${prefix}-`) ? undefined : `expected a ${prefix}- id, got ${JSON.stringify(value)}`;
const equals =
  (want: (env: EnvironmentConfig) => unknown): OutputCheck =>
  (value, env) =>
    JSON.stringify(value) === JSON.stringify(want(env)) ? undefined : `expected ${JSON.stringify(want(env))}, got ${JSON.stringify(value)}`;

/** One subnet per zone of the tier, in zone order, each in its zone and public (or not) as its tier says. */
const subnetsPerZone =
  (tier: "public" | "private"): OutputCheck =>
  (value, env, subnets) => {
    if (!Array.isArray(value) || value.length !== env.availabilityZones.length)
      return `expected ${env.availabilityZones.length} subnet ids (one per zone), got ${JSON.stringify(value)}`;
    const problems = value.flatMap((subnetId: unknown, i) => {
      const facts = typeof subnetId === "string" ? subnets.get(subnetId) : undefined;
      if (!facts) return [`${JSON.stringify(subnetId)} is not a subnet of the VPC`];
      if (facts.availabilityZone !== env.availabilityZones[i])
        return [`${subnetId} is in ${facts.availabilityZone}, not ${env.availabilityZones[i]}`];
      if (facts.mapPublicIpOnLaunch !== (tier === "public")) return [`${subnetId} ${tier === "public" ? "gives no" : "gives"} public IPs`];
      return [];
    });
    return problems.length ? problems.join("; ") : undefined;
  };

const endpointMap: OutputCheck = (value, env) => {
  const want = interfaceServices(env)
    .map((s) => s.service)
    .sort();
  const got = value && typeof value === "object" ? Object.keys(value).sort() : [];
  if (JSON.stringify(got) !== JSON.stringify(want))
    return `expected the endpoints ${want.join(", ") || "(none)"}, got ${got.join(", ") || "(none)"}`;
  const bad = Object.entries(value as Record<string, unknown>).filter(([, v]) => id("vpce")(v, env, new Map()));
  return bad.length ? `not endpoint ids: ${bad.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ")}` : undefined;
};

/**
 * What each output of the contract must hold once deployed. Keyed by the contract's names, so a new
 * output does not compile until it says what it must be.
 */
const OUTPUT_CHECKS: Record<NetworkOutputName, OutputCheck> = {
  vpc_id: id("vpc"),
  vpc_cidr_block: equals((env) => env.vpcCidr),
  public_alb_subnet_ids: subnetsPerZone("public"),
  private_workload_subnet_ids: subnetsPerZone("private"),
  alb_security_group_id: id("sg"),
  eks_nodes_security_group_id: id("sg"),
  eks_control_plane_security_group_id: id("sg"),
  vpc_endpoints_security_group_id: id("sg"),
  s3_vpc_endpoint_id: id("vpce"),
  ecr_api_vpc_endpoint_id: id("vpce"),
  ecr_dkr_vpc_endpoint_id: id("vpce"),
  logs_vpc_endpoint_id: id("vpce"),
  sagemaker_runtime_vpc_endpoint_id: id("vpce"),
  interface_vpc_endpoint_ids: endpointMap,
  private_route_table_id: id("rtb"),
  availability_zones: equals((env) => env.availabilityZones),
  private_egress: equals((env) => env.egress),
  region: equals((env) => env.region),
  // <account>.dkr.ecr.<region>.amazonaws.com/ecr-public, when the cache is on.
  ecr_public_cache_prefix: (value, env) =>
    typeof value === "string" && new RegExp(`^\\d{12}\\.dkr\\.ecr\\.${env.region}\\.amazonaws\\.com/ecr-public$`).test(value)
      ? undefined
      : `expected <account>.dkr.ecr.${env.region}.amazonaws.com/ecr-public, got ${JSON.stringify(value)}`,
  demo_certificate: (value, env) => {
    const { arn, domain_name } = (value ?? {}) as { arn?: unknown; domain_name?: unknown };
    if (typeof arn !== "string" || !/^arn:aws[\w-]*:acm:/.test(arn)) return `expected an ACM certificate ARN, got ${JSON.stringify(arn)}`;
    return domain_name === env.demoDomainName ? undefined : `expected the name ${env.demoDomainName}, got ${JSON.stringify(domain_name)}`;
  },
};

/**
 * The deployed network's outputs against the contract: every output of the contract that the
 * synthesized stack declares with a value is in the state and holds what it must; one declared
 * null (an endpoint that is off) is absent, as consumers expect; no output is missing or unknown.
 * `declared` are the synthesized stack's outputs (name → synthesized value).
 */
export function checkOutputContract(
  outputs: TerraformOutputs,
  declared: Record<string, { value?: unknown }>,
  env: EnvironmentConfig,
  subnets: Map<string, SubnetFacts>,
): string[] {
  const problems: string[] = [];
  const names = NETWORK_OUTPUTS.map((o) => o.name as string);
  for (const name of Object.keys(declared)) if (!names.includes(name)) problems.push(`${name}: declared, but not in the output contract`);
  for (const name of names) {
    if (!(name in declared)) {
      problems.push(`${name}: in the contract, but the network stack does not declare it`);
      continue;
    }
    const nullByDesign = declared[name].value === null;
    if (nullByDesign) {
      if (name in outputs) problems.push(`${name}: null by configuration, yet the state holds ${JSON.stringify(outputs[name].value)}`);
      continue;
    }
    if (!(name in outputs)) {
      problems.push(`${name}: missing from terraform output`);
      continue;
    }
    const problem = OUTPUT_CHECKS[name as NetworkOutputName](outputs[name].value, env, subnets);
    if (problem) problems.push(`${name}: ${problem}`);
  }
  return problems;
}
