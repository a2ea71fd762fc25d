import {
  cloudWatchFlowLogs,
  CostLine,
  demoAlbLines,
  hourly,
  monthly,
  natDesignLines,
  networkLines,
  publicSubnetCount,
  sum,
} from "../src/cost/model";
import { designChoices } from "../src/cost/choices";
import { DEFAULT_FLOW_LOG_GB_PER_MONTH, formatReport, natCrossAzPerGb, parseCostArgs, summarize } from "../src/cost/report";
import { environment, synthDemoAlb, synthNetwork } from "./support/synth";

const network = synthNetwork();
const demo = synthDemoAlb();
const cents = (n: number) => Math.round(n * 100) / 100;

test("interface endpoints are billed per endpoint per AZ: 6 endpoints × 2 AZs × 0.013 × 730 h", () => {
  const lines = networkLines(network);
  const endpointAzs = lines.filter((l) => l.price === "interfaceEndpointAzHour").reduce((n, l) => n + l.quantity, 0);
  expect(endpointAzs).toBe(12);
  expect(cents(sum(lines, monthly))).toBe(113.88);
  expect(lines.find((l) => l.price === "gatewayEndpointHour")).toBeDefined();
  expect(hourly(lines.find((l) => l.price === "gatewayEndpointHour")!)).toBe(0);
});

test("the internet-facing ALB pays for one public IPv4 address per AZ", () => {
  expect(publicSubnetCount(network)).toBe(2);
  const lines = demoAlbLines(demo, 2);
  expect(lines.map((l) => [l.price, l.quantity])).toEqual([
    ["albHour", 1],
    ["publicIpv4Hour", 2],
  ]);
  expect(sum(lines, hourly)).toBeCloseTo(0.0252 + 2 * 0.005, 10);
});

test("switches and scenarios", () => {
  const withSwitch = sum(networkLines(synthNetwork(environment({ sagemakerRuntimeEndpoint: true }))), monthly);
  expect(cents(withSwitch - sum(networkLines(network), monthly))).toBe(18.98);
  const summary = summarize({
    region: "ap-southeast-1",
    networkStack: "network",
    demoAlbStack: "demo-alb",
    switches: [],
    availabilityZones: 2,
    network: networkLines(network),
    demoAlb: demoAlbLines(demo, 2),
  });
  expect(summary.scenarios.map((s) => [s.hoursPerDay, cents(s.albMonthly), cents(s.totalMonthly)])).toEqual([
    [1, 1.07, 114.95],
    [3, 3.21, 117.09],
    [8, 8.57, 122.45],
    [24, 25.7, 139.58],
  ]);
  expect(summary.nat.map((n) => cents(n.monthly))).toEqual([46.72, 93.44]);
  // One NAT: half the traffic (the other zone's) crosses into its zone, 0.01 out + 0.01 in: 0.01 a GB on average.
  expect(summary.nat.map((n) => n.crossAzPerGb)).toEqual([0.01, 0]);
  // (113.88 - 46.72) / (0.059 + 0.01 - 0.01) GB a month, and (113.88 - 93.44) / 0.049 against a NAT per AZ.
  expect(summary.nat.map((n) => Math.round(n.breakEvenGb))).toEqual([1138, 417]);
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
    availabilityZones: 2,
    network: networkLines(network),
    demoAlb: demoAlbLines(demo, 2),
    switches: [{ name: "sagemakerRuntimeEndpoint", monthlyUsd: 18.98 }],
  });
  expect(report).toMatch(/interface endpoint com\.amazonaws\.ap-southeast-1\.ecr\.dkr × 2 +0\.0260 +18\.98/);
  expect(report).toMatch(/total +0\.1560 +113\.88/);
  expect(report).toMatch(/12 endpoint-AZ hours an hour/);
  expect(report).toMatch(/sagemakerRuntimeEndpoint +\+18\.98/);
  expect(report).toMatch(/re-check/);
});

test("each egress and endpoint choice is priced from its own synthesized network", () => {
  const choices = designChoices(environment(), synthNetwork);
  expect(choices.map((c) => [c.name.trim(), cents(c.monthlyUsd), c.current])).toEqual([
    ["vpc-endpoints, endpointSet seed (ecr.api, ecr.dkr, logs)", 56.94, false],
    ["vpc-endpoints, endpointSet cluster, features irsa + load-balancer-controller", 113.88, true],
    ["… plus feature pod-identity", 132.86, false],
    ["… plus feature cluster-autoscaler", 132.86, false],
    ["… plus feature eks-api", 132.86, false],
    // ssm, ssmmessages, ec2messages and eks: 4 endpoints in 2 AZs.
    ["… plus feature operator-access", 189.8, false],
    ["nat-gateway, endpointSet none (S3 gateway kept)", 46.72, false],
  ]);
  expect(choices.find((c) => c.name.includes("operator-access"))?.note).toBe("eks, ssm, ssmmessages, ec2messages");
  const dev = designChoices(environment({ egress: "nat-gateway" }), synthNetwork);
  expect(dev.filter((c) => c.current).map((c) => c.name)).toEqual(["nat-gateway, endpointSet none (S3 gateway kept)"]);
});
