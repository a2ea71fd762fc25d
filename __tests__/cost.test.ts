import { CostLine, demoAlbLines, hourly, monthly, natDesignLines, networkLines, publicSubnetCount, sum } from "../src/cost/model";
import { designChoices } from "../src/cost/choices";
import { formatReport, summarize } from "../src/cost/report";
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
  // (113.88 - 46.72) / (0.059 - 0.01) GB a month, and (113.88 - 93.44) / 0.049 against a NAT per AZ.
  expect(summary.nat.map((n) => Math.round(n.breakEvenGb))).toEqual([1371, 417]);
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
    ["nat-gateway, endpointSet none (S3 gateway kept)", 46.72, false],
  ]);
  const dev = designChoices(environment({ egress: "nat-gateway" }), synthNetwork);
  expect(dev.filter((c) => c.current).map((c) => c.name)).toEqual(["nat-gateway, endpointSet none (S3 gateway kept)"]);
});
