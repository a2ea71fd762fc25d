/**
 * The VPC of a synthesized network stack, with AWS's defaults where nothing is written (DNS support
 * on, DNS hostnames off), the region of the stack's default AWS provider, and the internet gateways.
 */
import { labelOf, reference, resourcesOf, StackJson } from "./stack-json";

export interface Vpc {
  readonly address: string;
  readonly label: string;
  readonly cidr: string;
  /**
   * Every IPv4 block of the VPC: its own and those the stack associates with it
   * (`aws_vpc_ipv4_cidr_block_association`); undefined when one is only known at apply (an IPAM pool's).
   */
  readonly ipv4Blocks?: readonly string[];
  /** Whether it has IPv6 addresses too (an Amazon-provided block, or one the stack associates). */
  readonly ipv6: boolean;
  readonly dnsSupport: boolean;
  readonly dnsHostnames: boolean;
  /** The region of the stack's default (unaliased) AWS provider; undefined if it has none. */
  readonly region?: string;
}

/** The stack's first VPC; undefined when it defines none (a stack that only uses the network's). */
export function vpcOf(stack: StackJson): Vpc | undefined {
  const vpc = resourcesOf(stack, "aws_vpc")[0];
  const providers = (stack.provider?.aws ?? []) as { region?: string; alias?: string }[];
  const region = providers.find((p) => !p.alias)?.region;
  if (!vpc) return undefined;
  const ofThisVpc = (type: string) => resourcesOf(stack, type).filter((a) => a.body.vpc_id === reference(vpc.address));
  const blocks = [vpc.body.cidr_block, ...ofThisVpc("aws_vpc_ipv4_cidr_block_association").map((a) => a.body.cidr_block)];
  return {
    address: vpc.address,
    label: labelOf(vpc),
    cidr: String(vpc.body.cidr_block),
    ...(blocks.every((b) => typeof b === "string" && !b.includes("${")) ? { ipv4Blocks: blocks as string[] } : {}),
    ipv6:
      vpc.body.assign_generated_ipv6_cidr_block === true ||
      vpc.body.ipv6_cidr_block !== undefined ||
      vpc.body.ipv6_ipam_pool_id !== undefined ||
      ofThisVpc("aws_vpc_ipv6_cidr_block_association").length > 0,
    dnsSupport: vpc.body.enable_dns_support !== false,
    dnsHostnames: vpc.body.enable_dns_hostnames === true,
    region,
  };
}

export const internetGateways = (stack: StackJson) =>
  resourcesOf(stack, "aws_internet_gateway").map((g) => ({ address: g.address, label: labelOf(g) }));

/** Network ACL resources: no tool reads their rules (the default ACL allows everything); reachability names them. */
export const networkAcls = (stack: StackJson): string[] =>
  ["aws_network_acl", "aws_network_acl_rule"].flatMap((t) => resourcesOf(stack, t).map((r) => r.address));
