import { vpcEndpoints } from "../synthesized/endpoints";
import { loadBalancers } from "../synthesized/load-balancers";
import { elasticIps, natGateways } from "../synthesized/nat-gateways";
import { flowLogs } from "../synthesized/flow-logs";
import { pullThroughCacheRules as cacheRules } from "../synthesized/pull-through-cache";
import { subnetRouting } from "../synthesized/routes";
import { parseStack } from "../synthesized/stack-json";
import prices from "./prices.json";

export type PriceKey = keyof typeof prices.prices;
export const PRICES = prices;
export const HOURS_PER_MONTH = prices.hoursPerMonth;

/** One billed line: `quantity` units of `price` an hour. */
export interface CostLine {
  readonly what: string;
  readonly quantity: number;
  readonly price: PriceKey;
}

export const hourly = (line: CostLine) => line.quantity * prices.prices[line.price].usd;
export const monthly = (line: CostLine) => hourly(line) * HOURS_PER_MONTH;
export const sum = (lines: readonly CostLine[], per: (l: CostLine) => number) => lines.reduce((total, l) => total + per(l), 0);

/** Hourly-billed items of a synthesized network stack: interface endpoints per AZ, NAT gateways, public IPs. */
export function networkLines(stackJson: string): CostLine[] {
  const stack = parseStack(stackJson);
  const endpoints = vpcEndpoints(stack);
  const lines: CostLine[] = endpoints
    .filter((e) => e.type === "Interface")
    .map((e) => ({ what: `interface endpoint ${e.serviceName}`, quantity: e.subnets.length, price: "interfaceEndpointAzHour" }));
  for (const e of endpoints.filter((e) => e.type === "Gateway")) {
    lines.push({ what: `gateway endpoint ${e.serviceName}`, quantity: 1, price: "gatewayEndpointHour" });
  }
  const nats = natGateways(stack).length;
  if (nats > 0) lines.push({ what: "NAT gateway", quantity: nats, price: "natGatewayHour" });
  const eips = elasticIps(stack).length;
  if (eips > 0) lines.push({ what: "elastic IP (public IPv4)", quantity: eips, price: "publicIpv4Hour" });
  return lines;
}

/** Flow logs of a stack that deliver to CloudWatch Logs (the default destination), billed per GB ingested. */
export function cloudWatchFlowLogs(stackJson: string): number {
  return flowLogs(parseStack(stackJson)).filter((f) => f.destinationType === "cloud-watch-logs").length;
}

/** Pull-through cache rules of a stack: their cached images are billed as ECR storage. */
export const pullThroughCacheRules = (stackJson: string) => cacheRules(parseStack(stackJson)).filter((r) => r.defined).length;

/** Public subnets of a network stack: an internet-facing ALB gets one public IPv4 address in each. */
export function publicSubnetCount(networkJson: string): number {
  return subnetRouting(parseStack(networkJson)).filter((s) => s.tier === "public").length;
}

/** Hourly-billed items of a synthesized demo-alb stack, in a network with `albSubnets` public subnets. */
export function demoAlbLines(stackJson: string, albSubnets: number): CostLine[] {
  return loadBalancers(parseStack(stackJson)).flatMap((alb): CostLine[] => [
    { what: `ALB ${alb.name}`, quantity: 1, price: "albHour" },
    ...(!alb.internetFacing
      ? []
      : [{ what: `public IPv4 addresses of ${alb.name} (one per AZ)`, quantity: albSubnets, price: "publicIpv4Hour" } as CostLine]),
  ]);
}

/** The design the walkthrough rejects: the same network reaching AWS through NAT instead of interface endpoints. */
export function natDesignLines(natGateways: number): CostLine[] {
  return [
    { what: `NAT gateway${natGateways > 1 ? "s (one per AZ)" : " (one AZ)"}`, quantity: natGateways, price: "natGatewayHour" },
    { what: "NAT public IPv4 address", quantity: natGateways, price: "publicIpv4Hour" },
  ];
}
