import { DesignChoice } from "./choices";
import { CostLine, HOURS_PER_MONTH, PRICES, hourly, monthly, natDesignLines, sum } from "./model";

export const SCENARIO_HOURS_PER_DAY = [1, 3, 8, 24] as const;
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
}

export interface CostSummary {
  readonly networkMonthly: number;
  readonly demoAlbHourly: number;
  readonly scenarios: readonly { hoursPerDay: number; albMonthly: number; totalMonthly: number }[];
  /** The NAT designs, with the monthly traffic above which this design is the cheaper (0: always). */
  readonly nat: readonly { what: string; monthly: number; breakEvenGb: number }[];
}

export function summarize(inputs: CostInputs): CostSummary {
  const networkMonthly = sum(inputs.network, monthly);
  const demoAlbHourly = sum(inputs.demoAlb, hourly);
  return {
    networkMonthly,
    demoAlbHourly,
    scenarios: SCENARIO_HOURS_PER_DAY.map((hoursPerDay) => {
      const albMonthly = demoAlbHourly * hoursPerDay * DAYS_PER_MONTH;
      return { hoursPerDay, albMonthly, totalMonthly: networkMonthly + albMonthly };
    }),
    nat: [1, inputs.availabilityZones].map((n) => {
      const natMonthly = sum(natDesignLines(n), monthly);
      const cheaperPerGb = price("natGatewayGb") - price("interfaceEndpointGb");
      return {
        what: n === 1 ? "one NAT gateway (single AZ)" : `one NAT gateway per AZ (${n})`,
        monthly: natMonthly,
        breakEvenGb: Math.max(0, (networkMonthly - natMonthly) / cheaperPerGb),
      };
    }),
  };
}

const usd = (n: number, digits = 2) => n.toFixed(digits).padStart(9);

export function formatReport(inputs: CostInputs): string {
  const s = summarize(inputs);
  const row = (what: string, perHour: string, perMonth: string) => `  ${what.padEnd(74)}${perHour.padStart(12)}${perMonth.padStart(12)}`;
  const line = (l: CostLine) =>
    row(
      `${l.what}${l.quantity !== 1 ? ` × ${l.quantity}` : ""}`,
      hourly(l) === 0 ? "free" : usd(hourly(l), 4),
      hourly(l) === 0 ? "free" : usd(monthly(l)),
    );
  const endpointAzs = inputs.network.filter((l) => l.price === "interfaceEndpointAzHour").reduce((n, l) => n + l.quantity, 0);
  return [
    `Cost report for ${inputs.region}, in USD. ${PRICES.note}`,
    "",
    `Network stack "${inputs.networkStack}": always on, ${HOURS_PER_MONTH} h a month`,
    row("", "per hour", "per month"),
    ...inputs.network.map(line),
    row("VPC, subnets, route tables, IGW, security groups, flow log", "free", "free"),
    row("total", usd(sum(inputs.network, hourly), 4), usd(s.networkMonthly)),
    `  plus ${price("interfaceEndpointGb")} per GB through interface endpoints, and flow-log data at CloudWatch Logs' per-GB price.`,
    `  Interface endpoints are billed per endpoint per AZ: ${endpointAzs} endpoint-AZ hours an hour, not one per endpoint.`,
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
    "Versus the NAT-gateway design the seed rejects (S3 gateway endpoint kept, no interface endpoints)",
    ...s.nat.map((n) => row(`${n.what} + its public IPv4`, "", usd(n.monthly))),
    row("this design's interface endpoints", "", usd(s.networkMonthly)),
    `  NAT also charges ${price("natGatewayGb")} per GB processed; interface endpoints ${price("interfaceEndpointGb")} per GB.`,
    ...s.nat.map((n) =>
      n.breakEvenGb > 0
        ? `  Against ${n.what}, this design costs ${usd(s.networkMonthly - n.monthly).trim()} more a month at rest and is cheaper above ${Math.ceil(n.breakEvenGb)} GB a month of AWS traffic.`
        : `  Against ${n.what}, this design is cheaper at any traffic.`,
    ),
    "  (The seed's claim of saving 10.8 a month against NAT counted 3 endpoint-hours an hour instead of 6.)",
    "",
  ].join("\n");
}
