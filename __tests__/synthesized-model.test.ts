// One reading of the synthesized network: the same odd rules, fed to the reachability model, verify
// and the diagram, mean the same to each of them.
import { readNetwork } from "../src/reachability/network-model";
import { reach } from "../src/reachability/reach";
import { subnetRouting } from "../src/synthesized/routes";
import { trafficOf } from "../src/synthesized/security-group-rules";
import { ResourceBody, StackJson } from "../src/synthesized/stack-json";
import { architectureModel } from "../src/tools/diagram/model";
import { expectations } from "../src/tools/verify-expectations";
import { environment, synthDemoAlb, synthNetwork } from "./support/synth";

const env = environment();
const network = synthNetwork(env);
const demoJson = synthDemoAlb(env);
const demo = JSON.parse(demoJson) as StackJson;

const ALB_SG = "${aws_security_group.alb_sg.id}";
const INTERNET = ["0.0.0.0/0"];

interface Case {
  readonly what: string;
  /** Terraform type and name of the rule resource, or the ALB group itself for an inline block. */
  readonly type: "aws_vpc_security_group_ingress_rule" | "aws_security_group_rule" | "inline";
  readonly body: ResourceBody;
  /** What the EC2 API does with it: the diagram's wording, and whether TCP 22 / every protocol gets in. */
  readonly traffic: string;
  /** The ports as verify compares them with EC2's description of the deployed rule. */
  readonly verify: string;
  readonly opens22: boolean;
  readonly allProtocols: boolean;
}

const CASES: Case[] = [
  {
    what: "TCP from 0 to 0 is port 0, not every port",
    type: "aws_vpc_security_group_ingress_rule",
    body: { ip_protocol: "tcp", from_port: 0, to_port: 0, cidr_ipv4: "0.0.0.0/0" },
    traffic: "TCP 0",
    verify: "tcp/0",
    opens22: false,
    allProtocols: false,
  },
  {
    what: "protocol -1 with ports written is still all traffic",
    type: "aws_security_group_rule",
    body: { type: "ingress", protocol: "-1", from_port: 443, to_port: 443, cidr_blocks: INTERNET },
    traffic: "all traffic",
    verify: "all",
    opens22: true,
    allProtocols: true,
  },
  {
    what: "protocol ALL in an inline block",
    type: "inline",
    body: { protocol: "ALL", from_port: 0, to_port: 0, cidr_blocks: INTERNET, description: "x" },
    traffic: "all traffic",
    verify: "all",
    opens22: true,
    allProtocols: true,
  },
  {
    what: 'ip_protocol "all"',
    type: "aws_vpc_security_group_ingress_rule",
    body: { ip_protocol: "all", cidr_ipv4: "0.0.0.0/0" },
    traffic: "all traffic",
    verify: "all",
    opens22: true,
    allProtocols: true,
  },
  {
    what: "protocol -1 as a number",
    type: "aws_security_group_rule",
    body: { type: "ingress", protocol: -1, from_port: 0, to_port: 0, cidr_blocks: INTERNET },
    traffic: "all traffic",
    verify: "all",
    opens22: true,
    allProtocols: true,
  },
  {
    what: "protocol 6 is TCP, its range as written",
    type: "aws_vpc_security_group_ingress_rule",
    body: { ip_protocol: "6", from_port: 20, to_port: 25, cidr_ipv4: "0.0.0.0/0" },
    traffic: "TCP 20–25",
    verify: "tcp/20-25",
    opens22: true,
    allProtocols: false,
  },
  {
    what: "TCP with no ports written is every port",
    type: "aws_vpc_security_group_ingress_rule",
    body: { ip_protocol: "TCP", cidr_ipv4: "0.0.0.0/0" },
    traffic: "TCP all ports",
    verify: "tcp/0-65535",
    opens22: true,
    allProtocols: false,
  },
  {
    what: "ICMP's from/to are a type and a code, not ports",
    type: "inline",
    body: { protocol: "icmp", from_port: -1, to_port: -1, cidr_blocks: INTERNET, description: "x" },
    traffic: "ICMP",
    verify: "icmp/-1",
    opens22: false,
    allProtocols: false,
  },
];

/** The network with the case's rule added to the ALB's group, and where the diagram says it comes from. */
function withRule(c: Case): { stack: StackJson; origin: string } {
  const stack = JSON.parse(network);
  if (c.type === "inline") {
    const group = stack.resource.aws_security_group.alb_sg;
    group.ingress = [...(group.ingress ?? []), c.body];
    return { stack, origin: `aws_security_group.alb_sg ingress[${group.ingress.length - 1}]` };
  }
  stack.resource[c.type] = { ...stack.resource[c.type], odd: { security_group_id: ALB_SG, description: "x", ...c.body } };
  return { stack, origin: `${c.type}.odd` };
}

describe.each(CASES)("$what", (c) => {
  const { stack, origin } = withRule(c);
  const model = readNetwork(stack, demo);

  test("the reachability model", () => {
    expect(reach(model, "internet", { place: "alb", port: 22 }).reachable).toBe(c.opens22);
    expect(reach(model, "internet", { place: "alb", port: "all" }).reachable).toBe(c.allProtocols);
  });

  test("verify", () => {
    const albRules = expectations(JSON.stringify(stack), demoJson).rules.filter(
      (r) => r.startsWith("mlops-hybrid-alb-sg in ") && r.endsWith(" cidr:0.0.0.0/0"),
    );
    expect(albRules).toContain(`mlops-hybrid-alb-sg in ${c.verify} cidr:0.0.0.0/0`);
  });

  test("the diagram", () => {
    const rows = architectureModel(stack, demo).rules.filter((r) => r.origin === origin);
    expect(rows.map(trafficOf)).toEqual([c.traffic]);
  });
});

test("every subnet is public or private by one rule, which the network's own outputs agree with", () => {
  const stack = JSON.parse(network) as StackJson;
  const tiers = subnetRouting(stack);
  const ids = (name: string) => (stack.output?.[name]?.value as string[]).map((v) => v.replace(/^\$\{(.*)\.id\}$/, "$1")).sort();
  expect(tiers.filter((s) => s.tier === "public").map((s) => s.address)).toEqual(ids("public_alb_subnet_ids"));
  expect(tiers.filter((s) => s.tier === "private").map((s) => s.address)).toEqual(ids("private_workload_subnet_ids"));
  const diagram = architectureModel(stack, demo).tiers;
  for (const tier of diagram) {
    expect(tier.subnets.map((s) => s.address).sort()).toEqual(tiers.filter((s) => s.tier === tier.kind).map((s) => s.address));
  }
});
