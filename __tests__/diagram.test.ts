import * as fs from "fs";
import * as path from "path";
import { architectureDot, renderSvg } from "../src/tools/diagram";
import { resources, synthDemoAlb, synthNetwork } from "./support/synth";

const network = synthNetwork();
const demo = synthDemoAlb();
const dot = architectureDot(network, demo);
let svg: string;

beforeAll(async () => {
  // Graphviz writes "-" and ">" as character references.
  svg = (await renderSvg(dot)).replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)));
});

test("the picture holds every subnet with its CIDR", () => {
  for (const subnet of Object.values(resources(network, "aws_subnet"))) {
    expect(svg).toContain(subnet.tags.Name);
    expect(svg).toContain(subnet.cidr_block);
  }
});

test("every security group rule is a labelled flow in the picture", () => {
  for (const direction of ["ingress", "egress"]) {
    for (const [name, rule] of Object.entries(resources(network, `aws_vpc_security_group_${direction}_rule`))) {
      const port = rule.ip_protocol === "-1" ? "all" : String(rule.from_port);
      const edge = new RegExp(`<g id="${name}" class="edge">[\\s\\S]*?${direction === "ingress" ? "in" : "out"} ${port}</text>`);
      expect({ name, drawn: edge.test(svg) }).toEqual({ name, drawn: true });
    }
  }
});

test("route tables, endpoints, security groups and the demo ALB are drawn", () => {
  for (const type of ["aws_route_table", "aws_vpc_endpoint", "aws_security_group"]) {
    for (const r of Object.values(resources(network, type))) expect(svg).toContain(r.tags.Name);
  }
  expect(svg).toContain("mlops-hybrid-api-demo-alb");
  expect(svg).toContain("0.0.0.0/0 → IGW");
});

test("docs/architecture.dot, shown in the README, is what the code generates (npm run diagram)", () => {
  expect(fs.readFileSync(path.join(__dirname, "..", "docs", "architecture.dot"), "utf8")).toBe(dot);
});
