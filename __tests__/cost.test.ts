import { CostLine, demoAlbLines, hourly, monthly, natDesignLines, networkLines, publicSubnetCount, sum } from "../src/cost/model";
import { formatReport, summarize } from "../src/cost/report";
import { environment, synthDemoAlb, synthNetwork } from "./support/synth";

const network = synthNetwork();
const demo = synthDemoAlb();
const cents = (n: number) => Math.round(n * 100) / 100;

test("interface endpoints are billed per endpoint per AZ: 3 endpoints × 2 AZs × 0.013 × 730 h", () => {
  const lines = networkLines(network);
  const endpointAzs = lines.filter((l) => l.price === "interfaceEndpointAzHour").reduce((n, l) => n + l.quantity, 0);
  expect(endpointAzs).toBe(6);
  expect(cents(sum(lines, monthly))).toBe(56.94);
  expect(lines.find((l) => l.price === "gatewayEndpointHour")).toBeDefined();
  expect(hourly(lines.find((l) => l.price === "gatewayEndpointHour")!)).toBe(0);
});

test("the internet-facing ALB pays for one public IPv4 address per AZ", () => {
  expect(publicSubnetCount(network)).toBe(2);
  const lines = demoAlbLines(demo, 2);
  expect(lines.map((l) => [l.price, l.quantity])).toEqual([["albHour", 1], ["publicIpv4Hour", 2]]);
  expect(sum(lines, hourly)).toBeCloseTo(0.0252 + 2 * 0.005, 10);
});

test("switches and scenarios", () => {
  const withSwitch = sum(networkLines(synthNetwork(environment({ eksPrivateClusterEndpoints: true }))), monthly);
  expect(cents(withSwitch - sum(networkLines(network), monthly))).toBe(75.92);
  const summary = summarize({
    region: "ap-southeast-1", networkStack: "network", demoAlbStack: "demo-alb", switches: [], availabilityZones: 2,
    network: networkLines(network), demoAlb: demoAlbLines(demo, 2),
  });
  expect(summary.scenarios.map((s) => [s.hoursPerDay, cents(s.albMonthly), cents(s.totalMonthly)])).toEqual([
    [1, 1.07, 58.01],
    [3, 3.21, 60.15],
    [8, 8.57, 65.51],
    [24, 25.7, 82.64],
  ]);
  expect(summary.nat.map((n) => cents(n.monthly))).toEqual([46.72, 93.44]);
  // (56.94 - 46.72) / (0.059 - 0.01) GB a month; per-AZ NAT costs more even with no traffic.
  expect(summary.nat.map((n) => Math.round(n.breakEvenGb))).toEqual([209, 0]);
});

test("a NAT gateway in a stack is counted with its elastic IP", () => {
  const withNat = JSON.stringify({ resource: { aws_nat_gateway: { a: {} }, aws_eip: { a: {} } } });
  const lines: CostLine[] = networkLines(withNat);
  expect(cents(sum(lines, monthly))).toBe(cents(sum(natDesignLines(1), monthly)));
});

test("the printed report names every line and the per-AZ billing", () => {
  const report = formatReport({
    region: "ap-southeast-1", networkStack: "network", demoAlbStack: "demo-alb", availabilityZones: 2,
    network: networkLines(network), demoAlb: demoAlbLines(demo, 2), switches: [{ name: "sagemakerRuntimeEndpoint", monthlyUsd: 18.98 }],
  });
  expect(report).toMatch(/interface endpoint com\.amazonaws\.ap-southeast-1\.ecr\.dkr × 2 +0\.0260 +18\.98/);
  expect(report).toMatch(/total +0\.0780 +56\.94/);
  expect(report).toMatch(/6 endpoint-AZ hours an hour/);
  expect(report).toMatch(/sagemakerRuntimeEndpoint +\+18\.98/);
  expect(report).toMatch(/re-check/);
});
