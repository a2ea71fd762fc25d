/**
 * The rules a two-tier VPC's layout must follow (AWS's limits and the design's), in one function
 * with two callers: `TwoTierVpc` checks its props with it, as AWS CDK's `ec2.Vpc` does inside the
 * construct, for anyone who builds one directly; the configuration checks the settings with it
 * before anything is synthesized (cross-checks.ts), naming the setting. What only the
 * configuration can judge (zones of the region, a range outside RFC 1918, a VPC too small for the
 * derived subnets) stays there.
 */
import { contains, Ipv4Block, overlaps, parseCidr } from "./cidr";

/** Where the subnets of a VPC of two tiers go: a public and a private subnet in each zone. */
export interface VpcLayout {
  /** IPv4 CIDR of the VPC, /16 to /28. */
  readonly cidr: string;
  /** At least two zones (an ALB needs two), each once; subnet CIDR `i` goes to zone `i`. */
  readonly availabilityZones: readonly string[];
  /** One per zone: /28 or larger, inside `cidr`, overlapping no other subnet. */
  readonly publicSubnetCidrs: readonly string[];
  /** One per zone: /28 or larger, inside `cidr`, overlapping no other subnet. */
  readonly privateSubnetCidrs: readonly string[];
}

export type LayoutInput = keyof VpcLayout;

/** A layout as far as it is known: an input, or an element of a list, left undefined is not checked. */
export type KnownLayout = {
  readonly [K in LayoutInput]?: VpcLayout[K] extends string ? string : readonly (string | undefined)[];
};

export interface LayoutProblem {
  readonly input: LayoutInput;
  /** The input's value, or the one element of it at fault. */
  readonly value: unknown;
  /** What is wrong and what to do instead. */
  readonly fix: string;
  /** A list of subnet CIDRs of another length than the zones: a caller that can derive the list may say so. */
  readonly countMismatch?: boolean;
}

/** An ALB needs subnets in two zones, and EKS its control plane's. */
export const MIN_ZONES = 2;

const SUBNET_LISTS = ["publicSubnetCidrs", "privateSubnetCidrs"] as const;

/** Every problem of `layout`, in input order; a rule that needs an unknown input is skipped. */
export function vpcLayoutProblems(layout: KnownLayout): LayoutProblem[] {
  const problems: LayoutProblem[] = [];
  const parsed = layout.cidr === undefined ? undefined : parseCidr(layout.cidr);
  if (typeof parsed === "string") problems.push({ input: "cidr", value: layout.cidr, fix: parsed });
  else if (parsed && (parsed.prefix < 16 || parsed.prefix > 28)) {
    problems.push({ input: "cidr", value: layout.cidr, fix: "a VPC CIDR must be between /16 and /28; pick a prefix length in that range" });
  }
  const vpc = typeof parsed === "object" ? parsed : undefined;

  const zones = layout.availabilityZones;
  if (zones) {
    if (zones.length < MIN_ZONES) {
      problems.push({
        input: "availabilityZones",
        value: zones,
        fix: `an ALB needs subnets in at least ${MIN_ZONES} availability zones; name ${MIN_ZONES} or more`,
      });
    }
    const repeated = new Set(zones.filter((az, i) => az !== undefined && zones.indexOf(az) !== i));
    for (const az of repeated) {
      problems.push({ input: "availabilityZones", value: az, fix: "each availability zone may appear once; remove the repeat" });
    }
  }

  const seen: { input: LayoutInput; cidr: string; block: Ipv4Block }[] = [];
  for (const input of SUBNET_LISTS) {
    const cidrs = layout[input];
    if (!cidrs) continue;
    if (zones && cidrs.length !== zones.length) {
      problems.push({ input, value: cidrs, fix: `give one CIDR per availability zone (${zones.length})`, countMismatch: true });
    }
    for (const cidr of cidrs) {
      if (cidr === undefined) continue;
      const block = parseCidr(cidr);
      if (typeof block === "string") {
        problems.push({ input, value: cidr, fix: block });
        continue;
      }
      if (block.prefix > 28)
        problems.push({ input, value: cidr, fix: "a subnet must be /28 or larger; use a prefix length of 28 or less" });
      if (vpc && !contains(vpc, block))
        problems.push({ input, value: cidr, fix: `lies outside the VPC ${layout.cidr}; pick a block inside it` });
      const clash = seen.find((s) => overlaps(s.block, block));
      if (clash)
        problems.push({ input, value: cidr, fix: `overlaps ${clash.cidr} of ${clash.input}; give each subnet a block of its own` });
      seen.push({ input, cidr, block });
    }
  }
  return problems;
}
