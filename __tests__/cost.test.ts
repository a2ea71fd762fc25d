import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
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
import { CLUSTER_FEATURES, requiredInterfaceServices } from "../src/eks/cluster-requirements";
import { DEFAULT_FLOW_LOG_GB_PER_MONTH, formatReport, natCrossAzPerGb, parseCostArgs, summarize } from "../src/cost/report";
import { environment, resources, synthDemoAlb, synthNetwork } from "./support/synth";

// Expected prices are the price table's (src/cost/prices.json) times what the synthesized stacks
// hold, so adding an endpoint or a zone changes what is counted, not these tests.
const ROOT = path.join(__dirname, "..");
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
/** The demo ALB up some hours a day, every day of the price table's month. */
const scenario = (hoursPerDay: number) => albHourly * hoursPerDay * (HOURS_PER_MONTH / 24);
/** A NAT design: each NAT gateway and its public IPv4 address, by the hour. */
const natMonthly = (n: number) => n * (price("natGatewayHour") + price("publicIpv4Hour")) * HOURS_PER_MONTH;
/** A number as the report prints it, as a pattern. */
const fixed = (n: number, digits: number) => n.toFixed(digits).replace(".", "\\.");
/** `text` with the characters a pattern reads escaped. */
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** `text` as a pattern that matches it literally. */
const literally = (text: string) => new RegExp(escaped(text));

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
  expect(summary.scenarios.map((s) => [s.hoursPerDay, cents(s.albMonthly), cents(s.totalMonthly)])).toEqual(
    [1, 3, 8, 24].map((h) => [h, cents(scenario(h)), cents(endpointsMonthly(network) + scenario(h))]),
  );
  // One NAT gateway, or one per zone.
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
  // Billed both ways (out of one zone, into the other), on the share of the traffic from the other zones.
  const bothWays = 2 * price("crossAzTransferGb");
  expect(natCrossAzPerGb(1, 2)).toBeCloseTo(bothWays * (1 / 2), 10);
  expect(natCrossAzPerGb(1, 3)).toBeCloseTo(bothWays * (2 / 3), 10);
  expect(natCrossAzPerGb(2, 2)).toBe(0);
});

test("flow-log ingestion: the stack's flow log at the assumed GB a month (a flag), the same for NAT so the break-even holds", () => {
  expect(cloudWatchFlowLogs(network)).toBe(1);
  const base = {
    region: "ap-southeast-1",
    networkStack: "network",
    demoAlbStack: "demo-alb",
    switches: [],
    availabilityZones: zones,
    network: networkLines(network),
    demoAlb: demoAlbLines(demo, zones),
    flowLogs: 1,
  };
  const ingestion = (gb: number) => gb * price("flowLogIngestionGb");
  expect(summarize(base).flowLogMonthly).toBeCloseTo(ingestion(DEFAULT_FLOW_LOG_GB_PER_MONTH), 10);
  const heavy = summarize({ ...base, flowLogGbPerMonth: 20 });
  expect(heavy.flowLogMonthly).toBeCloseTo(ingestion(20), 10);
  expect(heavy.scenarios[0].totalMonthly).toBeCloseTo(endpointsMonthly(network) + ingestion(20) + scenario(1), 10);
  expect(heavy.nat.map((n) => n.breakEvenGb)).toEqual(summarize({ ...base, flowLogs: 0 }).nat.map((n) => n.breakEvenGb));
  const text = formatReport({ ...base, flowLogGbPerMonth: 20 });
  const flowLogLine = `flow-log ingestion, assumed 20 GB a month × ${price("flowLogIngestionGb")} (--flow-log-gb)`;
  expect(text).toMatch(new RegExp(`${escaped(flowLogLine)} +${fixed(ingestion(20), 2)}`));
  expect(text).toMatch(new RegExp(`total with flow logs +${fixed(endpointsMonthly(network) + ingestion(20), 2)}`));
  expect(text).toMatch(new RegExp(`cheaper above ${Math.ceil(heavy.nat[0].breakEvenGb)} GB a month`));
});

test("npm run cost -- --flow-log-gb N: a number of GB, or a clear error", () => {
  expect(parseCostArgs([])).toEqual({ flowLogGbPerMonth: DEFAULT_FLOW_LOG_GB_PER_MONTH });
  expect(parseCostArgs(["--flow-log-gb", "12.5"])).toEqual({ flowLogGbPerMonth: 12.5 });
  expect(parseCostArgs(["--flow-log-gb=0"])).toEqual({ flowLogGbPerMonth: 0 });
  expect(() => parseCostArgs(["--flow-log-gb", "lots"])).toThrow('--flow-log-gb needs a number of GB a month (0 or more), not "lots"');
  expect(() => parseCostArgs(["--flow-log-gb"])).toThrow(/needs a number/);
  expect(() => parseCostArgs(["--gb", "1"])).toThrow("unknown argument --gb; use --flow-log-gb <GB of flow logs a month>");
});

test("a NAT environment (dev) is priced per GB with its cross-AZ transfer, against the endpoint design", () => {
  const dev = environment({ egress: "nat-gateway" });
  const devZones = dev.availabilityZones.length;
  const devNetwork = synthNetwork(dev);
  const text = formatReport({
    region: "ap-southeast-1",
    networkStack: "network-dev",
    demoAlbStack: "demo-alb-dev",
    switches: [],
    availabilityZones: devZones,
    network: networkLines(devNetwork),
    demoAlb: demoAlbLines(synthDemoAlb(dev), devZones),
    choices: designChoices(dev, synthNetwork),
  });
  const crossAz = natCrossAzPerGb(1, devZones);
  expect(text).toMatch(
    literally(
      `plus NAT ${price("natGatewayGb")} per GB processed, and ${crossAz.toFixed(3)} per GB on average for the other zones' traffic`,
    ),
  );
  // Its endpoint design is the default network (endpointSet cluster, the same features and zones).
  const lessAtRest = sum(networkLines(network), monthly) - sum(networkLines(devNetwork), monthly);
  const morePerGb = price("natGatewayGb") + crossAz - price("interfaceEndpointGb");
  expect(text).toMatch(
    literally(`This NAT design costs ${lessAtRest.toFixed(2)} less a month at rest; it pays ${morePerGb.toFixed(3)} more per GB`),
  );
  expect(text).toMatch(literally(`so the endpoint design is cheaper above ${Math.ceil(lessAtRest / morePerGb)} GB a month`));
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
    [expect.stringMatching(/^vpc-endpoints, endpointSet ecr-and-logs/), priced(endpointsOf({ endpointSet: "ecr-and-logs" })), false],
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
  // Each feature's note names the endpoints it needs beyond the environment's features.
  const needed = requiredInterfaceServices(env.clusterFeatures);
  expect(choices.filter((c) => c.name.includes("plus feature")).map((c) => c.note)).toEqual(
    others.map((f) =>
      requiredInterfaceServices([...env.clusterFeatures, f])
        .filter((s) => !needed.includes(s))
        .join(", "),
    ),
  );
  const dev = designChoices(environment({ egress: "nat-gateway" }), synthNetwork);
  expect(dev.filter((c) => c.current).map((c) => c.name)).toEqual(["nat-gateway, endpointSet none (S3 gateway kept)"]);
});

test("the docs show the cost report of the built-in defaults, and quote its figures: docs/costs.md, the README, docs/eks-handoff.md", () => {
  // `npm run cost` as a user runs it, for a configuration of one environment with nothing set.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cost-defaults-"));
  let run: ReturnType<typeof spawnSync>;
  try {
    fs.writeFileSync(path.join(dir, "environments.json"), JSON.stringify({ environments: { prod: {} } }));
    const shell = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("MLOPS_")));
    run = spawnSync(process.execPath, ["scripts/tool.js", "cost"], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...shell, MLOPS_CONFIG_FILE: path.join(dir, "environments.json") },
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  expect([run.status, run.stderr]).toEqual([0, ""]);
  const printed = String(run.stdout).trimEnd();
  const text = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8").replace(/\s+/g, " ");
  const shown = fs.readFileSync(path.join(ROOT, "docs", "costs.md"), "utf8").match(/^```\n([\s\S]*?)\n```$/m)?.[1];

  const usd = (n: number) => n.toFixed(2);
  // Summed as the report sums them, so that a break-even on a whole GB rounds the same way.
  const networkMonthly = sum(networkLines(network), monthly);
  const flowLogs = DEFAULT_FLOW_LOG_GB_PER_MONTH * price("flowLogIngestionGb");
  const breakEven = (crossAz: number) =>
    Math.ceil((networkMonthly - sum(natDesignLines(1), monthly)) / (price("natGatewayGb") + crossAz - price("interfaceEndpointGb")));
  const operatorAccess = alwaysCreatedServices({
    endpointSet: "cluster",
    clusterFeatures: [...env.clusterFeatures, "operator-access"],
  }).filter((s) => !alwaysCreatedServices({ endpointSet: "cluster", clusterFeatures: env.clusterFeatures }).includes(s));
  const quotes: [string, string][] = [
    ["README.md", `**${usd(networkMonthly)} USD a month** for its ${interfaceEndpoints(network)} interface endpoints in ${zones} AZs`],
    ["README.md", `plus about ${usd(flowLogs)} of flow-log ingestion`],
    ["README.md", `about **${albHourly.toFixed(3)} USD an hour** plus traffic`],
    ["README.md", `NAT gateway instead of endpoints: ${usd(natMonthly(1))} a month`],
    ["docs/costs.md", `${interfaceEndpoints(network) * zones} endpoint-AZs, **${usd(networkMonthly)} USD a month**`],
    ["docs/costs.md", `(${usd(flowLogs)} at the assumed ${DEFAULT_FLOW_LOG_GB_PER_MONTH} GB a month`],
    ["docs/costs.md", `(${usd(natMonthly(1))} USD a month with its IPv4 address, plus ${price("natGatewayGb")} USD per GB)`],
    [
      "docs/costs.md",
      `${price("crossAzTransferGb")} USD per GB each way (${natCrossAzPerGb(1, zones).toFixed(3)} a GB on average with ${zones} zones)`,
    ],
    ["docs/costs.md", `cheaper one above ${breakEven(natCrossAzPerGb(1, zones))} GB a month of AWS traffic (${breakEven(0)} without it)`],
    ["docs/costs.md", `(CloudWatch vended logs, ${price("flowLogIngestionGb")} USD per GB;`],
    ["docs/costs.md", `so ${usd(natMonthly(1))} beats ${usd(networkMonthly)}`],
    [
      "docs/costs.md",
      `about **${albHourly.toFixed(3)} USD an hour** (${price("albHour")} for the ALB and ${price("publicIpv4Hour")} for each of its ${zones} public IPv4 addresses) plus ${price("albLcuHour")} USD per LCU-hour`,
    ],
    [
      "docs/eks-handoff.md",
      `off by default, ${usd(operatorAccess.length * zones * price("interfaceEndpointAzHour") * HOURS_PER_MONTH)} USD a month in ${zones} AZs`,
    ],
  ];
  expect([
    ...(shown === printed ? [] : [["docs/costs.md: paste the report `npm run cost` prints for the built-in defaults", printed]]),
    ...quotes.filter(([file, quote]) => !text(file).includes(quote)).map(([file, quote]) => [`${file} does not say`, quote]),
  ]).toEqual([]);
});
