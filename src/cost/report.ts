import { DesignChoice } from "./choices";
import { CostLine, HOURS_PER_MONTH, PRICES, hourly, monthly, natDesignLines, sum } from "./model";
import { decimalNumber } from "../config/env-text";

export const SCENARIO_HOURS_PER_DAY = [1, 3, 8, 24] as const;

/**
 * Flow-log data a month assumed when none is given (`npm run cost -- --flow-log-gb N`): a record is
 * about 100 bytes per flow per aggregation interval, so a small cluster's few thousand flows an
 * hour make a few GB a month. Measure it after a week (the log group's IncomingBytes) and pass it.
 */
export const DEFAULT_FLOW_LOG_GB_PER_MONTH = 5;
const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;
const price = (key: keyof typeof PRICES.prices) => PRICES.prices[key].usd;

export interface CostInputs {
  readonly region: string;
  readonly networkStack: string;
  readonly demoAlbStack: string;
  readonly network: readonly CostLine[];
  readonly demoAlb: readonly CostLine[];
  /** Monthly USD each optional switch adds, measured by synthesizing with it on. */
  readonly switches: readonly { readonly name: string; readonly monthlyUsd: number }[];
  readonly availabilityZones: number;
  /** The egress and endpoint choices, each priced. @default none */
  readonly choices?: readonly DesignChoice[];
  /** Pull-through cache rules in the network stack. @default 0 */
  readonly pullThroughCacheRules?: number;
  /** Flow logs delivering to CloudWatch Logs in the network stack. @default 0 */
  readonly flowLogs?: number;
  /** GB of flow-log data a month, for the ingestion price. @default DEFAULT_FLOW_LOG_GB_PER_MONTH */
  readonly flowLogGbPerMonth?: number;
}

export interface CostSummary {
  /** The hourly-billed items, a month. */
  readonly networkMonthly: number;
  /** Flow-log ingestion a month at the assumed GB: the same with NAT, so it does not move the break-even. */
  readonly flowLogMonthly: number;
  readonly demoAlbHourly: number;
  readonly scenarios: readonly { hoursPerDay: number; albMonthly: number; totalMonthly: number }[];
  /**
   * The NAT designs, with the monthly traffic above which this design is the cheaper (0: always).
   * `crossAzPerGb`: what a GB of AWS traffic pays on average to cross into a NAT's zone from the others.
   */
  readonly nat: readonly { what: string; monthly: number; crossAzPerGb: number; breakEvenGb: number }[];
}

/**
 * With one NAT gateway, the traffic of the other zones' subnets crosses into its zone, both ways
 * billed: a GB pays the cross-AZ price twice (out of one zone, into the other). Traffic spread
 * evenly over `zones` zones: (zones - 1) / zones of it crosses. Interface endpoints and a NAT per
 * zone have an ENI in every zone, so nothing crosses.
 */
export function natCrossAzPerGb(natGateways: number, zones: number): number {
  return natGateways >= zones ? 0 : 2 * price("crossAzTransferGb") * ((zones - natGateways) / zones);
}

export function summarize(inputs: CostInputs): CostSummary {
  const networkMonthly = sum(inputs.network, monthly);
  const flowLogMonthly = (inputs.flowLogs ?? 0) * (inputs.flowLogGbPerMonth ?? DEFAULT_FLOW_LOG_GB_PER_MONTH) * price("flowLogIngestionGb");
  const demoAlbHourly = sum(inputs.demoAlb, hourly);
  return {
    networkMonthly,
    flowLogMonthly,
    demoAlbHourly,
    scenarios: SCENARIO_HOURS_PER_DAY.map((hoursPerDay) => {
      const albMonthly = demoAlbHourly * hoursPerDay * DAYS_PER_MONTH;
      return { hoursPerDay, albMonthly, totalMonthly: networkMonthly + flowLogMonthly + albMonthly };
    }),
    nat: [1, inputs.availabilityZones].map((n) => {
      const natMonthly = sum(natDesignLines(n), monthly);
      const crossAzPerGb = natCrossAzPerGb(n, inputs.availabilityZones);
      const cheaperPerGb = price("natGatewayGb") + crossAzPerGb - price("interfaceEndpointGb");
      return {
        what: n === 1 ? "one NAT gateway (single AZ)" : `one NAT gateway per AZ (${n})`,
        monthly: natMonthly,
        crossAzPerGb,
        breakEvenGb: Math.max(0, (networkMonthly - natMonthly) / cheaperPerGb),
      };
    }),
  };
}

const usd = (n: number, digits = 2) => n.toFixed(digits).padStart(9);
const row = (what: string, perHour: string, perMonth: string) => `  ${what.padEnd(74)}${perHour.padStart(12)}${perMonth.padStart(12)}`;

export function formatReport(inputs: CostInputs): string {
  const s = summarize(inputs);
  const line = (l: CostLine) =>
    row(
      `${l.what}${l.quantity !== 1 ? ` × ${l.quantity}` : ""}`,
      hourly(l) === 0 ? "free" : usd(hourly(l), 4),
      hourly(l) === 0 ? "free" : usd(monthly(l)),
    );
  const natInStack = inputs.network.filter((l) => l.price === "natGatewayHour").reduce((n, l) => n + l.quantity, 0);
  const endpointAzs = inputs.network.filter((l) => l.price === "interfaceEndpointAzHour").reduce((n, l) => n + l.quantity, 0);
  return [
    `Cost report for ${inputs.region}, in USD. ${PRICES.note}`,
    "",
    `Network stack "${inputs.networkStack}": always on, ${HOURS_PER_MONTH} h a month`,
    row("", "per hour", "per month"),
    ...inputs.network.map(line),
    row("VPC, subnets, route tables, IGW, security groups, flow log", "free", "free"),
    row("total", usd(sum(inputs.network, hourly), 4), usd(s.networkMonthly)),
    ...(inputs.flowLogs
      ? [
          row(
            `flow-log ingestion, assumed ${inputs.flowLogGbPerMonth ?? DEFAULT_FLOW_LOG_GB_PER_MONTH} GB a month × ${price("flowLogIngestionGb")} (--flow-log-gb)`,
            "",
            usd(s.flowLogMonthly),
          ),
          row("total with flow logs", "", usd(s.networkMonthly + s.flowLogMonthly)),
        ]
      : []),
    ...(endpointAzs > 0 ? [`  plus ${price("interfaceEndpointGb")} per GB through interface endpoints.`] : []),
    ...(inputs.flowLogs
      ? [`  Flow logs are CloudWatch Logs vended logs: ${price("flowLogIngestionGb")} per GB ingested (storage for the retention on top).`]
      : []),
    ...(inputs.pullThroughCacheRules
      ? [
          `  The pull-through cache stores its copies in ECR at ${price("ecrStorageGbMonth")} per GB-month (the controller image, well under a GB: cents).`,
        ]
      : []),
    ...(natInStack > 0
      ? [
          `  plus NAT ${price("natGatewayGb")} per GB processed, and ${natCrossAzPerGb(natInStack, inputs.availabilityZones).toFixed(3)} per GB on average for the other zones' traffic crossing into the NAT's zone (${price("crossAzTransferGb")} each way; traffic spread evenly over ${inputs.availabilityZones} zones).`,
        ]
      : []),
    ...(endpointAzs > 0
      ? [`  Interface endpoints are billed per endpoint per AZ: ${endpointAzs} endpoint-AZ hours an hour, not one per endpoint.`]
      : []),
    "",
    ...(inputs.choices
      ? [
          "Egress and endpoint choices: the network at rest, per month (* = this environment)",
          ...inputs.choices.map((c) => row(`${c.current ? "* " : "  "}${c.name}`, "", usd(c.monthlyUsd)) + `  ${c.note}`),
          "",
        ]
      : []),
    "Optional switches (each adds, per month)",
    ...inputs.switches.map((sw) => row(sw.name, "", `+${usd(sw.monthlyUsd).trim()}`)),
    "",
    `Demo ALB stack "${inputs.demoAlbStack}": only while deployed`,
    ...inputs.demoAlb.map(line),
    row("total", usd(s.demoAlbHourly, 4), ""),
    `  plus ${price("albLcuHour")} per LCU-hour of traffic.`,
    "",
    "Usage scenarios: network + demo ALB up so many hours a day",
    row("hours a day", "ALB/month", "total/month"),
    ...s.scenarios.map((sc) => row(`${sc.hoursPerDay}`, usd(sc.albMonthly), usd(sc.totalMonthly))),
    "",
    ...(natInStack > 0 ? natEnvironmentComparison(inputs, s, natInStack) : endpointComparison(inputs, s)),
    "  (The walkthrough's claim of saving 10.8 a month against NAT counted 3 endpoint-hours an hour instead of 6.)",
    "",
  ].join("\n");
}

/** The endpoint design against the NAT designs it replaces. */
function endpointComparison(inputs: CostInputs, s: CostSummary): string[] {
  return [
    "Versus the NAT-gateway design the walkthrough rejects (S3 gateway endpoint kept, no interface endpoints)",
    ...s.nat.map((n) => row(`${n.what} + its public IPv4`, "", usd(n.monthly))),
    row("this design's interface endpoints", "", usd(s.networkMonthly)),
    `  NAT also charges ${price("natGatewayGb")} per GB processed; interface endpoints ${price("interfaceEndpointGb")} per GB.`,
    ...s.nat
      .filter((n) => n.crossAzPerGb > 0)
      .map(
        (n) =>
          `  With ${n.what}, the other zones' traffic crosses into its zone at ${price("crossAzTransferGb")} per GB each way: ${n.crossAzPerGb.toFixed(3)} per GB on average (traffic spread evenly over ${inputs.availabilityZones} zones).`,
      ),
    ...(s.flowLogMonthly > 0 ? ["  Flow logs cost the same with NAT: they do not move the break-even."] : []),
    ...s.nat.map((n) =>
      n.breakEvenGb > 0
        ? `  Against ${n.what}, this design costs ${usd(s.networkMonthly - n.monthly).trim()} more a month at rest and is cheaper above ${Math.ceil(n.breakEvenGb)} GB a month of AWS traffic.`
        : `  Against ${n.what}, this design is cheaper at any traffic.`,
    ),
  ];
}

/** A NAT environment (dev) against the endpoint design of the same network. */
function natEnvironmentComparison(inputs: CostInputs, s: CostSummary, nats: number): string[] {
  const endpoints = inputs.choices?.find((c) => c.name.startsWith("vpc-endpoints, endpointSet cluster"));
  const perGb = price("natGatewayGb") + natCrossAzPerGb(nats, inputs.availabilityZones) - price("interfaceEndpointGb");
  return [
    "Versus the interface-endpoint design (endpointSet cluster) of the same network",
    ...(endpoints
      ? [
          `  This NAT design costs ${usd(endpoints.monthlyUsd - s.networkMonthly).trim()} less a month at rest; it pays ${perGb.toFixed(3)} more per GB of AWS traffic (NAT processing and cross-AZ, less the endpoints' ${price("interfaceEndpointGb")}),`,
          `  so the endpoint design is cheaper above ${Math.ceil(Math.max(0, (endpoints.monthlyUsd - s.networkMonthly) / perGb))} GB a month.`,
        ]
      : [`  It pays ${perGb.toFixed(3)} more per GB of AWS traffic than interface endpoints would.`]),
  ];
}

/** `npm run cost` arguments: `--flow-log-gb N` (or `--flow-log-gb=N`), a number of GB ≥ 0. */
/**
 * Refuses a region whose prices are not on record: another region's list would be printed as if it
 * were this one's (AWS prices differ by region).
 */
export function checkPricesOnRecord(region: string, environment: string): void {
  if (region !== PRICES.region)
    throw new Error(
      `npm run cost: environment ${environment} is in ${region}, and src/cost/prices.json holds the prices of ${PRICES.region} only; ` +
        `price ${region} there (each price's source page is named), or run it for an environment in ${PRICES.region} (MLOPS_ENV)`,
    );
}

export function parseCostArgs(argv: readonly string[]): { flowLogGbPerMonth: number } {
  let flowLogGbPerMonth = DEFAULT_FLOW_LOG_GB_PER_MONTH;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (flag !== "--flow-log-gb") throw new Error(`npm run cost: unknown argument ${argv[i]}; use --flow-log-gb <GB of flow logs a month>`);
    const text = inline ?? argv[++i];
    const gb = text === undefined ? undefined : decimalNumber(text);
    if (gb === undefined || gb < 0)
      throw new Error(`npm run cost: --flow-log-gb needs a number of GB a month (0 or more), not ${JSON.stringify(text ?? "")}`);
    flowLogGbPerMonth = gb;
  }
  return { flowLogGbPerMonth };
}
