// The gate's machinery without checkov itself (npm test runs the real gate, `npm run checkov`, beside
// the type check): reading checkov's report, the verdicts on mutations and SECURITY.md's rows, and
// the install's message on a machine without python3 (the install itself: checkov-install.e2e.ts).
import * as fs from "fs";
import * as path from "path";
import { parseExceptions } from "../src/policy/exceptions";
import { deadRows, formatMutations, mutationCaught } from "../src/policy/gate";
import { parseStack } from "../src/synthesized/stack-json";
import { CheckovError, ensureCheckov } from "../src/tools/checkov-install";
import { checkovFindings, CheckovTarget } from "../src/tools/checkov";
import { pinnedCheckovProject } from "./support/checkov-project";
import { synthNetwork } from "./support/synth";

const network: CheckovTarget = { label: "prod network", name: "network", stack: parseStack(synthNetwork()), file: "000/cdk.tf.json" };

describe("checkov's report", () => {
  const report = (failed: object[], passed: object[] = []) => [
    { check_type: "terraform_json", results: { failed_checks: failed, passed_checks: passed } },
  ];

  test("is read by file; resource.<name> becomes the stack's address, and our checks' details the message", () => {
    const found = checkovFindings(
      report([
        { check_id: "CKV_AWS_158", check_name: "Ensure KMS", resource: "resource.flow_log_group", file_path: "/000/cdk.tf.json" },
        { check_id: "MLOPS_NET_2", resource: "resource.vpc", file_path: "/000/cdk.tf.json", details: ["the rule allows tcp 443"] },
      ]),
      [network],
    );
    expect(found.get("prod network")).toEqual([
      { id: "CKV_AWS_158", address: "aws_cloudwatch_log_group.flow_log_group", message: "Ensure KMS" },
      { id: "MLOPS_NET_2", address: "aws_vpc.vpc", message: "the rule allows tcp 443" },
    ]);
  });

  test("a file checkov was not given, or one it ran no check on, is an error, not a pass", () => {
    expect(() => checkovFindings(report([{ check_id: "X", resource: "r", file_path: "/999/cdk.tf.json" }]), [network])).toThrow(
      /a file it was not given: \/999\/cdk\.tf\.json/,
    );
    expect(() => checkovFindings(report([]), [network])).toThrow(/checkov ran no check on prod network: it did not read that file/);
    const passedOnly = report([], [{ check_id: "CKV_AWS_1", resource: "r", file_path: "/000/cdk.tf.json" }]);
    expect(checkovFindings(passedOnly, [network]).get("prod network")).toEqual([]);
  });
});

describe("the gate's verdicts", () => {
  test("a regression is caught only by exactly the findings it lists", () => {
    const expected = ["MLOPS_NET_1 @ aws_route.r"];
    expect(mutationCaught({ mutation: "m", expected, found: expected })).toBe(true);
    expect(mutationCaught({ mutation: "m", expected, found: [] })).toBe(false);
    expect(mutationCaught({ mutation: "m", expected, found: [...expected, "CKV_AWS_2 @ aws_lb_listener.l"] })).toBe(false);
    const text = formatMutations([
      { mutation: "missed", expected, found: [] },
      { mutation: "other", expected, found: ["CKV_AWS_2 @ aws_lb_listener.l"] },
    ]);
    expect(text).toMatch(/^deliberate regressions \(src\/policy\/mutations\.ts\): 2 of 2 not caught as listed/);
    expect(text).toContain("  MISSED  missed\n             expected, not reported: MLOPS_NET_1 @ aws_route.r");
    expect(text).toContain("reported, not expected: CKV_AWS_2 @ aws_lb_listener.l");
  });

  test("a row of SECURITY.md that accepts no finding of any stack is dead", () => {
    const [e] = parseExceptions(
      "## Accepted exceptions\n\n| check | stacks | resources | reason |\n|---|---|---|---|\n" +
        "| `CKV_AWS_130` | `network*` | `aws_subnet.public_subnet_*`, `aws_subnet.typo` | a reason long enough to be one |\n",
    );
    const judged = { ...network, findings: [{ id: "CKV_AWS_130", address: "aws_subnet.public_subnet_ap_southeast_1a", message: "" }] };
    expect(deadRows([e], [judged])).toEqual(["CKV_AWS_130 @ aws_subnet.typo"]);
  });
});

describe("the pinned checkov's install into .venv-checkov", () => {
  const project = pinnedCheckovProject();

  test("a machine without python3 gets one line saying what to install, and nothing is left behind", () => {
    const dir = project();
    const path0 = process.env.PATH;
    process.env.PATH = path.join(dir, "empty");
    try {
      expect(() => ensureCheckov(dir, () => undefined)).toThrow(CheckovError);
      expect(() => ensureCheckov(dir, () => undefined)).toThrow(
        /^checkov needs Python 3\.9 or later, and python3 is not on PATH: install it \(Debian\/Ubuntu: sudo apt-get install python3 python3-venv/,
      );
    } finally {
      process.env.PATH = path0;
    }
    expect(fs.readdirSync(dir)).toEqual(["requirements-checkov.txt"]);
  });
});
