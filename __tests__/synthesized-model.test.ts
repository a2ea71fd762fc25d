// One reading of the synthesized network: the same odd rules, fed to the reachability model, verify
// and the diagram, mean the same to each of them.
import { networkLines } from "../src/cost/model";
import { readNetwork } from "../src/reachability/network-model";
import { reach } from "../src/reachability/reach";
import { reachabilityReport } from "../src/reachability/report";
import { endpointTypeOf, vpcEndpoints } from "../src/synthesized/endpoints";
import { loadBalancers } from "../src/synthesized/load-balancers";
import { routes, subnetRouting } from "../src/synthesized/routes";
import { trafficOf } from "../src/synthesized/security-group-rules";
import { reference, ResourceBody, StackJson } from "../src/synthesized/stack-json";
import { architectureDot } from "../src/tools/diagram";
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

  test("the reachability model, in the diagram's words", () => {
    const ssh = reach(model, "internet", { place: "alb", port: 22 });
    expect(ssh.reachable).toBe(c.opens22);
    if (c.opens22) expect(ssh.steps.map((s) => s.reason)).toContain(`${origin} lets ${c.traffic} in from 0.0.0.0/0`);
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

describe("VPC endpoints, with Terraform's defaults, mean the same to every tool", () => {
  /** What each tool makes of a network stack: its whole output, so any difference in reading shows. */
  const TOOLS: [string, (stack: string) => unknown][] = [
    ["reachability", (stack) => reachabilityReport({ network: stack, demoAlb: demoJson, features: [] })],
    ["the diagram", (stack) => architectureDot(stack, demoJson)],
    ["verify", (stack) => expectations(stack, demoJson)],
    ["cost", (stack) => networkLines(stack)],
  ];
  const edited = (edit: (endpoints: Record<string, ResourceBody>) => void) => {
    const stack = JSON.parse(network);
    edit(stack.resource.aws_vpc_endpoint);
    return JSON.stringify(stack);
  };
  const EDITS: [string, (endpoints: Record<string, ResourceBody>) => void][] = [
    ["an endpoint written without vpc_endpoint_type is a gateway endpoint", (e) => delete e.s3_gateway_endpoint.vpc_endpoint_type],
    ["the type in another case is the same type", (e) => (e.ecr_api_endpoint.vpc_endpoint_type = "interface")],
  ];

  test.each(EDITS)("%s", (_, edit) => {
    const stack = edited(edit);
    for (const [, tool] of TOOLS) expect(tool(stack)).toEqual(tool(network));
  });

  test("the edits are ones the model notices: without the type, the S3 endpoint is read as Terraform's default", () => {
    const s3 = vpcEndpoints(JSON.parse(edited((e) => delete e.s3_gateway_endpoint.vpc_endpoint_type))).find((e) => e.service === "s3");
    expect(s3?.type).toBe("Gateway");
    expect(endpointTypeOf("GATEWAYLOADBALANCER")).toBe("GatewayLoadBalancer");
    expect(endpointTypeOf("Something")).toBe("Something");
  });

  test.each([
    ["com.amazonaws.ap-southeast-1.ecr.api", "ecr.api"],
    ["com.amazonaws.ap-southeast-1.ECR.API", "ecr.api"],
    ["cn.com.amazonaws.cn-north-1.ecr.api", "ecr.api"],
    ["com.amazonaws.cn-north-1.s3", "s3"],
    ["cn.com.amazonaws.cn-northwest-1.transcribe.cn", "transcribe"],
    ["com.amazonaws.vpce.ap-southeast-1.vpce-svc-0123456789abcdef0", "com.amazonaws.vpce.ap-southeast-1.vpce-svc-0123456789abcdef0"],
  ])("service name %s is the service %s", (serviceName, service) => {
    const [endpoint] = vpcEndpoints({ resource: { aws_vpc_endpoint: { e: { service_name: serviceName } } } });
    expect(endpoint).toMatchObject({ serviceName, service, type: "Gateway", privateDns: false });
    expect(endpoint.policy).toBeUndefined();
  });
});

test("a load balancer with nothing optional written: internet-facing, instance targets, health check of / on the traffic port", () => {
  const lb = (name: string) => reference(`aws_lb.${name}`, "arn");
  const stack: StackJson = {
    resource: {
      aws_lb: { a: { name: "a" }, b: { name: "b", internal: true } },
      aws_lb_target_group: { first: { name: "first", port: 80, protocol: "HTTP" }, t: { name: "t", port: 8080, protocol: "HTTP" } },
      aws_lb_listener: {
        to_a: {
          load_balancer_arn: lb("a"),
          port: 80,
          protocol: "HTTP",
          default_action: { type: "forward", target_group_arn: reference("aws_lb_target_group.t", "arn") },
        },
        to_b: { load_balancer_arn: lb("b"), port: 443, protocol: "HTTPS" },
      },
    },
  };
  const [a, b] = loadBalancers(stack);
  expect(a).toMatchObject({
    internetFacing: true,
    listeners: [{ address: "aws_lb_listener.to_a", port: 80, forwardsTo: ["aws_lb_target_group.t"] }],
  });
  expect(a.targetGroup).toMatchObject({ name: "t", targetType: "instance", healthPath: "/", healthPort: "traffic-port" });
  expect(a.targetGroup?.healthPathWritten).toBeUndefined();
  // A load balancer whose listeners forward nowhere is shown with the stack's first target group.
  expect(b).toMatchObject({ internetFacing: false, listeners: [{ port: 443 }], targetGroup: { name: "first" } });
});

test("a gateway endpoint's routes are routes of the model: its prefix list to it, in each table it names", () => {
  const stack = JSON.parse(network) as StackJson;
  const [s3] = vpcEndpoints(stack).filter((e) => e.type === "Gateway");
  expect(s3.routeTables.length).toBeGreaterThan(0);
  expect(routes(stack).filter((r) => r.gatewayEndpoint)).toEqual(
    s3.routeTables.map((table) => ({
      address: s3.address,
      origin: `${s3.address} route_table_ids`,
      table,
      destination: `\${${s3.address}.prefix_list_id}`,
      target: { kind: "vpc-endpoint", id: s3.address },
      gatewayEndpoint: "s3",
    })),
  );
});
