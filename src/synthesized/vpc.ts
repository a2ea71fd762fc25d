/**
 * The VPC of a synthesized network stack, with AWS's defaults where nothing is written (DNS support
 * on, DNS hostnames off), the region of the stack's default AWS provider, and the internet gateways.
 */
import { labelOf, resourcesOf, StackJson } from "./stack-json";

export interface Vpc {
  readonly address: string;
  readonly label: string;
  readonly cidr: string;
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
  return {
    address: vpc.address,
    label: labelOf(vpc),
    cidr: String(vpc.body.cidr_block),
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
