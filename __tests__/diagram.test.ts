import * as fs from "fs";
import * as path from "path";
import { architectureDot, architectureModel, renderSvg } from "../src/tools/diagram";
import { FONT_FAMILY } from "../src/tools/diagram/html";
import { rowIds } from "../src/tools/diagram/rules-table";
import { rulesToPeers, securityGroupRules, trafficOf } from "../src/synthesized/security-group-rules";
import { parseStack, reference } from "../src/synthesized/stack-json";
import { Box, box, cellTexts, decode, element, inside, texts } from "./support/svg-boxes";
import { DEMO_DOMAIN, environment, resources, synthDemoAlb, synthNetwork } from "./support/synth";

const network = synthNetwork();
const demo = synthDemoAlb();
const dot = architectureDot(network, demo);
let rendered: string;
let svg: string;

/** The network stack with a NAT gateway egress, as a stack with `natGateway: true` would have it. */
function withNatGateway(json: string): string {
  const stack = JSON.parse(json);
  const r = stack.resource;
  const publicSubnet = Object.keys(r.aws_subnet).find((n) => r.aws_subnet[n].map_public_ip_on_launch)!;
  const privateTable = Object.keys(r.aws_route_table).find((n) => n.includes("private"))!;
  r.aws_eip = { nat_eip: { domain: "vpc", tags: { Name: "test-nat-eip" } } };
  r.aws_nat_gateway = {
    nat: {
      allocation_id: reference("aws_eip.nat_eip"),
      subnet_id: reference(`aws_subnet.${publicSubnet}`),
      tags: { Name: "test-nat-gateway" },
    },
  };
  r.aws_route.private_default_route = {
    destination_cidr_block: "0.0.0.0/0",
    nat_gateway_id: reference("aws_nat_gateway.nat"),
    route_table_id: reference(`aws_route_table.${privateTable}`),
  };
  return JSON.stringify(stack);
}

/** The network stack with rules written the two older ways: legacy rule resources and inline blocks. */
function withOlderRuleForms(json: string): string {
  const stack = JSON.parse(json);
  const r = stack.resource;
  r.aws_security_group_rule = {
    legacy_dns: {
      type: "egress",
      protocol: "udp",
      from_port: 53,
      to_port: 53,
      cidr_blocks: ["10.0.0.2/32", "10.0.0.3/32"],
      security_group_id: reference("aws_security_group.eks_nodes_sg"),
      description: "DNS (legacy form)",
    },
  };
  r.aws_security_group.eks_control_plane_sg.ingress = [
    {
      protocol: "tcp",
      from_port: 10250,
      to_port: 10250,
      security_groups: [reference("aws_security_group.alb_sg")],
      self: true,
      description: "kubelet (inline form)",
    },
  ];
  return JSON.stringify(stack);
}

const layout = async (net: string, alb?: string) => decode(await renderSvg(architectureDot(net, alb)));
const outline = (s: string, title: string): Box => box(element(s, title)!);

beforeAll(async () => {
  rendered = await renderSvg(dot);
  svg = decode(rendered);
});

test("the picture holds every subnet with its CIDR and every route table", () => {
  for (const subnet of Object.values(resources(network, "aws_subnet"))) {
    expect(svg).toContain(subnet.tags.Name);
    expect(svg).toContain(subnet.cidr_block);
  }
  for (const table of Object.values(resources(network, "aws_route_table"))) expect(svg).toContain(`route table ${table.tags.Name}`);
  expect(svg).toContain("0.0.0.0/0 → IGW");
});

test("every security group rule is a row of the table: direction, traffic, peer and why", () => {
  const rules = rulesToPeers(securityGroupRules(parseStack(network)));
  expect(rules).toHaveLength(
    Object.keys(resources(network, "aws_vpc_security_group_ingress_rule")).length +
      Object.keys(resources(network, "aws_vpc_security_group_egress_rule")).length,
  );
  rowIds(rules).forEach((id, i) => {
    const row = {
      id,
      rule: cellTexts(svg, `${id}.rule`),
      traffic: cellTexts(svg, `${id}.traffic`),
      why: cellTexts(svg, `${id}.why`)?.join(" "),
    };
    expect(row).toEqual({
      id,
      rule: [rules[i].direction === "ingress" ? "in from" : "out to"],
      traffic: [trafficOf(rules[i])],
      why: rules[i].description,
    });
  });
  expect(cellTexts(svg, "aws_vpc_security_group_ingress_rule.alb_in_https_from_internet.peer")).toEqual(["internet (0.0.0.0/0)"]);
  expect(cellTexts(svg, "aws_vpc_security_group_ingress_rule.vpc_endpoints_in_https_from_vpc.peer")).toEqual(["the VPC (10.0.0.0/16)"]);
  expect(cellTexts(svg, "aws_vpc_security_group_egress_rule.eks_nodes_out_all_to_self.peer")).toEqual([
    "mlops-hybrid-eks-nodes-sg (itself)",
  ]);
  expect(cellTexts(svg, "aws_vpc_security_group_ingress_rule.no_such_rule.traffic")).toBeUndefined();
});

test("the VPC's CIDR is not drawn as a network outside the VPC: rules are a table, not edges", () => {
  expect(texts(svg)).not.toContain("10.0.0.0/16");
  const edges = svg.match(/class="edge"/g) ?? [];
  // internet-IGW, IGW-ALB, ALB-pods, pods to each of the two kinds of endpoint.
  expect(edges).toHaveLength(5);
});

test("tiers run left to right, the ALB inside the public subnets with its security group, the VPC around them", () => {
  const vpc = outline(svg, "cluster_vpc");
  const publicTier = outline(svg, "cluster_public");
  const alb = element(svg, "aws_lb.api_demo_alb")!;
  expect(inside(box(alb), publicTier)).toBe(true);
  expect(inside(publicTier, vpc)).toBe(true);
  expect(texts(decode(alb))).toContain("SG mlops-hybrid-alb-sg");
  expect(texts(decode(element(svg, "pods")!))).toContain("SG mlops-hybrid-eks-nodes-sg");
  expect(texts(decode(element(svg, "interface_endpoints")!))).toContain("SG mlops-hybrid-vpc-endpoints-sg");
  const order = ["internet", "aws_internet_gateway.internet_gateway", "aws_lb.api_demo_alb", "pods", "interface_endpoints"].map(
    (t) => outline(svg, t).left,
  );
  expect(order).toEqual([...order].sort((a, b) => a - b));
  expect(inside(outline(svg, "aws_internet_gateway.internet_gateway"), vpc)).toBe(false);
});

test("without a NAT gateway the pods have no route to the internet", () => {
  expect(texts(element(svg, "pods")!)).toContain("no route to the internet");
  expect(svg).not.toContain("NAT gateway");
});

test("a NAT gateway egress is drawn in its public subnet, with the private default route through it", async () => {
  const nat = await layout(withNatGateway(network), demo);
  const natBox = element(nat, "aws_nat_gateway.nat")!;
  expect(texts(natBox)).toEqual(
    expect.arrayContaining(["NAT gateway", "test-nat-gateway", "Elastic IP test-nat-eip", "in ap-southeast-1a (10.0.1.0/24)"]),
  );
  expect(inside(box(natBox), outline(nat, "cluster_public"))).toBe(true);
  expect(texts(element(nat, "cluster_private")!)).toContain("  0.0.0.0/0 → NAT gateway");
  expect(element(nat, "aws_nat_gateway.nat->pods")).toBeDefined();
  expect(element(nat, "aws_internet_gateway.internet_gateway->aws_nat_gateway.nat")).toBeDefined();
  expect(texts(element(nat, "pods")!)).not.toContain("no route to the internet");
});

test("rules written as legacy aws_security_group_rule or inline blocks are rows too, one per peer", async () => {
  const json = withOlderRuleForms(network);
  const rules = rulesToPeers(securityGroupRules(parseStack(json)));
  const legacy = rules.filter((r) => r.address === "aws_security_group_rule.legacy_dns");
  expect(legacy.map((r) => r.peer)).toEqual([
    { kind: "cidr", cidr: "10.0.0.2/32" },
    { kind: "cidr", cidr: "10.0.0.3/32" },
  ]);
  const inline = rules.filter((r) => r.origin === "aws_security_group.eks_control_plane_sg ingress[0]");
  expect(inline.map((r) => r.peer)).toEqual([
    { kind: "group", group: "aws_security_group.alb_sg" },
    { kind: "group", group: "aws_security_group.eks_control_plane_sg" },
  ]);
  const s = await layout(json, demo);
  expect(cellTexts(s, "aws_security_group_rule.legacy_dns.traffic")).toEqual(["UDP 53"]);
  expect(cellTexts(s, "aws_security_group_rule.legacy_dns#2.peer")).toEqual(["10.0.0.3/32"]);
  expect(cellTexts(s, "aws_security_group.eks_control_plane_sg.ingress[0].peer")).toEqual(["mlops-hybrid-alb-sg"]);
  expect(cellTexts(s, "aws_security_group.eks_control_plane_sg.ingress[0]#2.peer")).toEqual(["mlops-hybrid-eks-control-plane-sg (itself)"]);
});

test("the listeners say what each demo mode does: HTTP only forwards, a certificate makes port 80 redirect", () => {
  const listeners = (demoJson: string) => architectureModel(parseStack(network), parseStack(demoJson)).loadBalancers[0].listeners;
  expect(listeners(demo)).toEqual(["HTTP:80 (HTTP only, no TLS)"]);
  expect(listeners(synthDemoAlb(environment(DEMO_DOMAIN)))).toEqual(["HTTP:80 → redirect to HTTPS:443", "HTTPS:443"]);
  // The ALB group's port-80 rule serves both modes, so it claims neither alone.
  expect(dot).not.toMatch(/redirected to HTTPS/);
  expect(dot).toContain("the demo listener forwards it (HTTP-only mode) or redirects it to HTTPS");
});

test("without the demo stack there is no ALB, and the pods keep their group from the endpoints' rules", () => {
  const model = architectureModel(parseStack(network));
  expect(model.loadBalancers).toEqual([]);
  expect(model.workloadGroups).toEqual(["aws_security_group.eks_nodes_sg"]);
  expect(architectureDot(network)).toContain("no load balancer deployed");
});

test("text uses a common font family, laid out with the metrics of the widest one", () => {
  const families = new Set([...rendered.matchAll(/font-family="([^"]*)"/g)].map((m) => m[1]));
  expect([...families]).toEqual([FONT_FAMILY]);
  expect(dot).toContain('fontname="DejaVu Sans"');
});

test("docs/architecture.dot and .svg, shown in docs/design.md, are what the code generates (npm run diagram)", () => {
  expect(fs.readFileSync(path.join(__dirname, "..", "docs", "architecture.dot"), "utf8")).toBe(dot);
  expect(fs.readFileSync(path.join(__dirname, "..", "docs", "architecture.svg"), "utf8")).toBe(rendered);
});
