import { zonesOf } from "./aws-published";
import { contains, formatIpv4, parseCidr } from "./cidr";

/** The region's first two availability zones (ap-northeast-1 has no `b`: a and c there). */
export function defaultZones(region: string): string[] {
  return zonesOf(region).slice(0, 2);
}

export interface SubnetLayout {
  readonly publicSubnetCidrs: string[];
  readonly privateSubnetCidrs: string[];
}

/**
 * Subnet CIDRs for `zones` zones of `vpcCidr`: the walkthrough's layout (public x.y.1.0/24…,
 * private x.y.101.0/24…) when it fits in the VPC, else the VPC split into equal blocks, the
 * public ones in its lower half and the private ones in its upper half. Undefined when the
 * VPC is not a CIDR or too small to split.
 */
export function defaultSubnetCidrs(vpcCidr: string, zones: number): SubnetLayout | undefined {
  const vpc = parseCidr(vpcCidr);
  if (typeof vpc === "string" || zones < 1) return undefined;
  const [a, b] = formatIpv4(vpc.first).split(".");
  const walkthrough = (third: number) => Array.from({ length: zones }, (_, i) => `${a}.${b}.${third + i}.0/24`);
  const walkthroughLayout = { publicSubnetCidrs: walkthrough(1), privateSubnetCidrs: walkthrough(101) };
  const fits = [...walkthroughLayout.publicSubnetCidrs, ...walkthroughLayout.privateSubnetCidrs].every((c) => {
    const block = parseCidr(c);
    return typeof block !== "string" && contains(vpc, block);
  });
  if (fits) return walkthroughLayout;

  const halfBits = Math.ceil(Math.log2(zones));
  const prefix = vpc.prefix + 1 + halfBits;
  if (prefix > 28) return undefined;
  const size = 2 ** (32 - prefix);
  const half = 2 ** (32 - vpc.prefix - 1);
  const block = (start: number, i: number) => `${formatIpv4(start + i * size)}/${prefix}`;
  return {
    publicSubnetCidrs: Array.from({ length: zones }, (_, i) => block(vpc.first, i)),
    privateSubnetCidrs: Array.from({ length: zones }, (_, i) => block(vpc.first + half, i)),
  };
}
