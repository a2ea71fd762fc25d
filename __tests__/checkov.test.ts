import * as fs from "fs";
import * as path from "path";
import { RULES } from "../src/policy/evaluate";
import { parseStack } from "../src/synthesized/stack-json";
import {
  checkovFindings,
  checkovId,
  CheckovTarget,
  compareWithCheckov,
  expectedCheckovFindings,
  securityTables,
} from "../src/tools/checkov";
import { synthDemoAlb, synthNetwork } from "./support/synth";

const TABLES = securityTables(
  fs.readFileSync(path.join(__dirname, "..", "SECURITY.md"), "utf8"),
  RULES.map((r) => r.id),
);
const prod = { network: synthNetwork(), demoAlb: synthDemoAlb() };
const stackTarget: CheckovTarget = { label: "network", name: "network", stack: parseStack(prod.network), file: "/x/network/cdk.tf.json" };
const planTarget: CheckovTarget = { ...stackTarget, label: "network plan", file: "/x/plans/plan.json", plan: true };

test("checkov's id is the CKV part of ours; FSBP and MLOPS rules are not checkov's", () => {
  expect(checkovId("CKV_AWS_130 / EC2.15")).toBe("CKV_AWS_130");
  expect(checkovId("CKV2_AWS_5")).toBe("CKV2_AWS_5");
  expect(checkovId("EC2.57")).toBeUndefined();
  expect(checkovId("MLOPS_VPCE_1")).toBeUndefined();
});

test("checkov must fail exactly the accepted checkov exceptions, with SECURITY.md's corrections, per stack or plan", () => {
  const accepted = [
    "CKV2_AWS_5 @ aws_security_group.alb_sg",
    "CKV2_AWS_5 @ aws_security_group.eks_control_plane_sg",
    "CKV2_AWS_5 @ aws_security_group.eks_nodes_sg",
    "CKV_AWS_130 @ aws_subnet.public_subnet_ap_southeast_1a",
    "CKV_AWS_130 @ aws_subnet.public_subnet_ap_southeast_1b",
    "CKV_AWS_158 @ aws_cloudwatch_log_group.flow_log_group",
    "CKV_AWS_260 @ aws_vpc_security_group_ingress_rule.alb_in_http_from_internet",
  ];
  expect(expectedCheckovFindings(planTarget, TABLES)).toEqual(accepted);
  expect(expectedCheckovFindings(stackTarget, TABLES)).toEqual(
    [...accepted, "CKV_AWS_260 @ aws_vpc_security_group_ingress_rule.eks_nodes_in_http_from_alb"].sort(),
  );
  const demo: CheckovTarget = { label: "demo", name: "demo-alb", stack: parseStack(prod.demoAlb), file: "/x/demo/cdk.tf.json" };
  const expected = expectedCheckovFindings(demo, TABLES);
  expect(expected).toContain("CKV2_AWS_20 @ aws_lb.api_demo_alb");
  expect(expected).not.toContain("CKV2_AWS_20 @ aws_lb_listener.http_listener");
});

test("checkov's report is read by file, its resource.<name> mapped to the stack's address, and differences found both ways", () => {
  const report = [
    {
      check_type: "terraform_json",
      results: {
        failed_checks: [
          { check_id: "CKV_AWS_158", resource: "resource.flow_log_group", file_path: "/x/network/cdk.tf.json" },
          { check_id: "CKV_AWS_999", resource: "aws_vpc.vpc", file_path: "/x/network/cdk.tf.json" },
        ],
      },
    },
  ];
  const found = checkovFindings(report, [stackTarget], (a, b) => a === b);
  expect([...found.get("network")!]).toEqual(["CKV_AWS_158 @ aws_cloudwatch_log_group.flow_log_group", "CKV_AWS_999 @ aws_vpc.vpc"]);
  const [c] = compareWithCheckov([stackTarget], found, TABLES);
  expect(c.unexpected).toEqual(["CKV_AWS_999 @ aws_vpc.vpc"]);
  expect(c.missing).toContain("CKV_AWS_130 @ aws_subnet.public_subnet_ap_southeast_1a");
  expect(c.missing).not.toContain("CKV_AWS_158 @ aws_cloudwatch_log_group.flow_log_group");
  expect(() =>
    checkovFindings(
      [{ results: { failed_checks: [{ check_id: "X", resource: "r", file_path: "/y" }] } }],
      [stackTarget],
      (a, b) => a === b,
    ),
  ).toThrow(/a file it was not given: \/y/);
});
