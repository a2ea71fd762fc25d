import {
  cloudWatchFlowLogs,
  CostLine,
  demoAlbLines,
  HOURS_PER_MONTH,
  hourly,
  monthly,
  natDesignLines,
  networkLines,
  PRICES,
  publicSubnetCount,
  sum,
} from "../src/cost/model";
import { alwaysCreatedServices, EndpointChoice } from "../src/config/endpoint-catalog";
import { designChoices } from "../src/cost/choices";
import { CLUSTER_FEATURES } from "../src/eks/cluster-requirements";
import { DEFAULT_FLOW_LOG_GB_PER_MONTH, formatReport, natCrossAzPerGb, parseCostArgs, summarize } from "../src/cost/report";
import { environment, resources, synthDemoAlb, synthNetwork } from "./support/synth";

// Expected prices are the price table's (src/cost/prices.json) times what the synthesized stacks
// hold, so adding an endpoint or a zone changes what is counted, not these tests.
const env = environment();
const network = synthNetwork(env);
const demo = synthDemoAlb(env);
const cents = (n: number) => Math.round(n * 100) / 100;
const price = (key: keyof typeof PRICES.prices) => PRICES.prices[key].usd;
const zones = env.availabilityZones.length;
/** Interface endpoints of a synthesized network, by the resources Terraform creates. */
const interfaceEndpoints = (json: string) =>
  Object.values(resources(json, "aws_vpc_endpoint")).filter((e) => e.vpc_endpoint_type === "Interface").length;
/** What the interface endpoints of `json` cost a month: each one in every zone, by the hour. */
const endpointsMonthly = (json: string) => interfaceEndpoints(json) * zones * price("interfaceEndpointAzHour") * HOURS_PER_MONTH;
const albHourly = price("albHour") + zones * price("publicIpv4Hour");

test("interface endpoints are billed per endpoint per AZ, the S3 gateway endpoint is free", () => {
  const lines = networkLines(network);
  const endpointAzs = lines.filter((l) => l.price === "interfaceEndpointAzHour").reduce((n, l) => n + l.quantity, 0);
  expect(interfaceEndpoints(network)).toBeGreaterThan(0);
  expect(endpointAzs).toBe(interfaceEndpoints(network) * zones);
  expect(cents(sum(lines, monthly))).toBe(cents(endpointsMonthly(network)));
  expect(lines.find((l) => l.price === "gatewayEndpointHour")).toBeDefined();
  expect(hourly(lines.find((l) => l.price === "gatewayEndpointHour")!)).toBe(0);
});

test("the internet-facing ALB pays for one public IPv4 address per AZ", () => {
  expect(publicSubnetCount(network)).toBe(zones);
  const lines = demoAlbLines(demo, zones);
  expect(lines.map((l) => [l.price, l.quantity])).toEqual([
    ["albHour", 1],
    ["publicIpv4Hour", zones],
  ]);
  expect(sum(lines, hourly)).toBeCloseTo(albHourly, 10);
});

test("switches and scenarios", () => {
  const oneEndpointMonthly = zones * price("interfaceEndpointAzHour") * HOURS_PER_MONTH;
  const withSwitch = sum(networkLines(synthNetwork(environment({ sagemakerRuntimeEndpoint: true }))), monthly);
  expect(cents(withSwitch - sum(networkLines(network), monthly))).toBe(cents(oneEndpointMonthly));
  const summary = summarize({
    region: "ap-southeast-1",
    networkStack: "network",
    demoAlbStack: "demo-alb",
    switches: [],
    availabilityZones: zones,
    network: networkLines(network),
    demoAlb: demoAlbLines(demo, zones),
  });
  // The demo ALB runs some hours a day, every day of the price table's 730-hour month.
  const scenario = (hoursPerDay: number) => albHourly * hoursPerDay * (HOURS_PER_MONTH / 24);
  expect(summary.scenarios.map((s) => [s.hoursPerDay, cents(s.albMonthly), cents(s.totalMonthly)])).toEqual(
    [1, 3, 8, 24].map((h) => [h, cents(scenario(h)), cents(endpointsMonthly(network) + scenario(h))]),
  );
  // A NAT design: each NAT gateway and its public IPv4 address, by the hour; one, or one per zone.
  const natMonthly = (n: number) => n * (price("natGatewayHour") + price("publicIpv4Hour")) * HOURS_PER_MONTH;
  expect(summary.nat.map((n) => cents(n.monthly))).toEqual([cents(natMonthly(1)), cents(natMonthly(zones))]);
  // The traffic a month at which the endpoints' fixed price equals NAT's extra per-GB price.
  // A single NAT also pays cross-AZ transfer for the other zones' traffic.
  const perGb = (n: number) => price("natGatewayGb") + natCrossAzPerGb(n, zones) - price("interfaceEndpointGb");
  expect(summary.nat.map((n) => Math.round(n.breakEvenGb))).toEqual(
    [1, zones].map((n) => Math.round(Math.max(0, (endpointsMonthly(network) - natMonthly(n)) / perGb(n)))),
  );
  expect(summary.nat.map((n) => n.crossAzPerGb)).toEqual([natCrossAzPerGb(1, zones), 0]);
  expect(summary.flowLogMonthly).toBe(0);
});

test("cross-AZ transfer of a single NAT grows with the zones it serves; a NAT per zone has none", () => {
  expect(natCrossAzPerGb(1, 2)).toBeCloseTo(0.01, 10);
  expect(natCrossAzPerGb(1, 3)).toBeCloseTo((2 * 0.01 * 2) / 3, 10);
  expect(natCrossAzPerGb(2, 2)).toBe(0);
});

test("flow-log ingestion: the stack's flow log at the assumed GB a month (a flag), the same for NAT so the break-even holds", () => {
  expect(cloudWatchFlowLogs(network)).toBe(1);
  const base = {
    region: "ap-southeast-1",
    networkStack: "network",
    demoAlbStack: "demo-alb",
    switches: [],
    availabilityZones: 2,
    network: networkLines(network),
    demoAlb: demoAlbLines(demo, 2),
    flowLogs: 1,
  };
  expect(DEFAULT_FLOW_LOG_GB_PER_MONTH).toBe(5);
  expect(cents(summarize(base).flowLogMonthly)).toBe(3.5);
  const heavy = summarize({ ...base, flowLogGbPerMonth: 20 });
  expect(cents(heavy.flowLogMonthly)).toBe(14);
  expect(cents(heavy.scenarios[0].totalMonthly)).toBe(cents(113.88 + 14 + 1.07));
  expect(heavy.nat.map((n) => Math.round(n.breakEvenGb))).toEqual([1138, 417]);
  const text = formatReport({ ...base, flowLogGbPerMonth: 20 });
  expect(text).toMatch(/flow-log ingestion, assumed 20 GB a month × 0\.7 \(--flow-log-gb\) +14\.00/);
  expect(text).toMatch(/total with flow logs +127\.88/);
  expect(text).toMatch(/cheaper above 1139 GB a month/);
});

test("npm run cost -- --flow-log-gb N: a number of GB, or a clear error", () => {
  expect(parseCostArgs([])).toEqual({ flowLogGbPerMonth: 5 });
  expect(parseCostArgs(["--flow-log-gb", "12.5"])).toEqual({ flowLogGbPerMonth: 12.5 });
  expect(parseCostArgs(["--flow-log-gb=0"])).toEqual({ flowLogGbPerMonth: 0 });
  expect(() => parseCostArgs(["--flow-log-gb", "lots"])).toThrow('--flow-log-gb needs a number of GB a month (0 or more), not "lots"');
  expect(() => parseCostArgs(["--flow-log-gb"])).toThrow(/needs a number/);
  expect(() => parseCostArgs(["--gb", "1"])).toThrow("unknown argument --gb; use --flow-log-gb <GB of flow logs a month>");
});

test("a NAT environment (dev) is priced per GB with its cross-AZ transfer, against the endpoint design", () => {
  const dev = environment({ egress: "nat-gateway" });
  const devNetwork = synthNetwork(dev);
  const text = formatReport({
    region: "ap-southeast-1",
    networkStack: "network-dev",
    demoAlbStack: "demo-alb-dev",
    switches: [],
    availabilityZones: 2,
    network: networkLines(devNetwork),
    demoAlb: demoAlbLines(synthDemoAlb(dev), 2),
    choices: designChoices(dev, synthNetwork),
  });
  expect(text).toMatch(/plus NAT 0\.059 per GB processed, and 0\.010 per GB on average for the other zones' traffic/);
  expect(text).toMatch(/This NAT design costs 67\.16 less a month at rest; it pays 0\.059 more per GB/);
  expect(text).toMatch(/so the endpoint design is cheaper above 1139 GB a month/);
  expect(text).not.toMatch(/endpoint-AZ hours/);
});

test("a NAT gateway in a stack is counted with its elastic IP", () => {
  const withNat = JSON.stringify({ resource: { aws_nat_gateway: { a: {} }, aws_eip: { a: {} } } });
  const lines: CostLine[] = networkLines(withNat);
  expect(cents(sum(lines, monthly))).toBe(cents(sum(natDesignLines(1), monthly)));
});

test("the printed report names every line and the per-AZ billing", () => {
  const report = formatReport({
    region: "ap-southeast-1",
    networkStack: "network",
    demoAlbStack: "demo-alb",
    availabilityZones: zones,
    network: networkLines(network),
    demoAlb: demoAlbLines(demo, zones),
    switches: [{ name: "sagemakerRuntimeEndpoint", monthlyUsd: 18.98 }],
  });
  const endpointHourly = zones * price("interfaceEndpointAzHour");
  const fixed = (n: number, digits: number) => n.toFixed(digits).replace(".", "\\.");
  expect(report).toMatch(
    new RegExp(
      `interface endpoint com\\.amazonaws\\.ap-southeast-1\\.ecr\\.dkr × ${zones} +${fixed(endpointHourly, 4)} +${fixed(endpointHourly * HOURS_PER_MONTH, 2)}`,
    ),
  );
  const total = interfaceEndpoints(network) * endpointHourly;
  expect(report).toMatch(new RegExp(`total +${fixed(total, 4)} +${fixed(total * HOURS_PER_MONTH, 2)}`));
  expect(report).toMatch(new RegExp(`${interfaceEndpoints(network) * zones} endpoint-AZ hours an hour`));
  expect(report).toMatch(/sagemakerRuntimeEndpoint +\+18\.98/);
  expect(report).toMatch(/re-check/);
});

test("each egress and endpoint choice is priced from its own synthesized network", () => {
  const choices = designChoices(env, synthNetwork);
  // The endpoints each choice creates, as the endpoint catalog chooses them.
  const endpointsOf = (change: Partial<EndpointChoice>) =>
    alwaysCreatedServices({ sagemakerRuntimeEndpoint: env.sagemakerRuntimeEndpoint, ...change }).length +
    env.extraInterfaceEndpoints.length;
  const priced = (endpoints: number) => cents(endpoints * zones * price("interfaceEndpointAzHour") * HOURS_PER_MONTH);
  const others = CLUSTER_FEATURES.filter((f) => !env.clusterFeatures.includes(f));
  expect(choices.map((c) => [c.name.trim(), cents(c.monthlyUsd), c.current])).toEqual([
    ["vpc-endpoints, endpointSet ecr-and-logs (ecr.api, ecr.dkr, logs)", priced(endpointsOf({ endpointSet: "ecr-and-logs" })), false],
    [
      `vpc-endpoints, endpointSet cluster, features ${env.clusterFeatures.join(" + ")}`,
      priced(endpointsOf({ endpointSet: "cluster", clusterFeatures: env.clusterFeatures })),
      true,
    ],
    ...others.map((f) => [
      `… plus feature ${f}`,
      priced(endpointsOf({ endpointSet: "cluster", clusterFeatures: [...env.clusterFeatures, f] })),
      false,
    ]),
    [
      "nat-gateway, endpointSet none (S3 gateway kept)",
      cents((price("natGatewayHour") + price("publicIpv4Hour")) * HOURS_PER_MONTH),
      false,
    ],
  ]);
  expect(choices.find((c) => c.name.includes("operator-access"))?.note).toBe("eks, ssm, ssmmessages, ec2messages");
  const dev = designChoices(environment({ egress: "nat-gateway" }), synthNetwork);
  expect(dev.filter((c) => c.current).map((c) => c.name)).toEqual(["nat-gateway, endpointSet none (S3 gateway kept)"]);
});
