import * as fs from "fs";
import * as path from "path";
import { RULES } from "../src/policy/evaluate";
import { MUTATIONS } from "../src/policy/mutations";
import { parseStack } from "../src/synthesized/stack-json";
import {
  checkovFindings,
  checkovId,
  CheckovTarget,
  compareWithCheckov,
  expectedCheckovFindings,
  securityTables,
} from "../src/tools/checkov";
import {
  asCheckovFindings,
  claimedCheckovIds,
  compareMutations,
  COMPARISON_SECTION,
  formatMutationComparison,
  mutationComparisonFails,
  parseComparison,
} from "../src/tools/checkov-mutations";
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
  // No check at all on a file is checkov not reading it, not a pass.
  expect(() => checkovFindings([{ results: { failed_checks: [], passed_checks: [] } }], [stackTarget], (a, b) => a === b)).toThrow(
    /checkov ran no check on network: it did not read that file/,
  );
  const passedOnly = [
    { results: { failed_checks: [], passed_checks: [{ check_id: "CKV_AWS_1", resource: "r", file_path: "/x/network/cdk.tf.json" }] } },
  ];
  expect([...checkovFindings(passedOnly, [stackTarget], (a, b) => a === b).get("network")!]).toEqual([]);
});

describe("this suite against checkov on the mutations (npm run checkov -- --mutations)", () => {
  const CLAIMED = claimedCheckovIds(RULES.map((r) => r.id));
  const NAMES = MUTATIONS.map((m) => m.name);
  const table = (rows: string) =>
    `# x\n\n## ${COMPARISON_SECTION}\n\n| mutation | check | resources | difference | reason |\n|---|---|---|---|---|\n${rows}\n\n## Next\n`;
  const REASON = "a reason long enough to be one";
  const row = (mutation: string, id: string, address: string, difference: string) =>
    `| \`${mutation}\` | \`${id}\` | \`${address}\` | \`${difference}\` | ${REASON} |`;
  const [M1, M2] = NAMES;
  const set = (...keys: string[]) => new Set(keys);
  const nothing = { ours: set(), checkov: set() };

  test("the claimed checkov rules are the CKV part of the suite's IDs, without FSBP and MLOPS rules", () => {
    expect(CLAIMED).toContain("CKV_AWS_130");
    expect(CLAIMED).toContain("CKV2_AWS_12");
    expect(CLAIMED.filter((id) => !/^CKV2?_AWS_\d+$/.test(id))).toEqual([]);
    expect(CLAIMED).not.toContain("IAM.21");
    expect([
      ...asCheckovFindings([
        { id: "CKV_AWS_130 / EC2.15", address: "aws_subnet.a", message: "m" },
        { id: "IAM.21", address: "x.y", message: "m" },
      ]),
    ]).toEqual(["CKV_AWS_130 @ aws_subnet.a"]);
  });

  test("SECURITY.md's comparison table reads, every row naming a mutation of src/policy/mutations.ts and a claimed rule", () => {
    expect(new Set(NAMES).size).toBe(NAMES.length); // the table names mutations by their words
    const listed = parseComparison(fs.readFileSync(path.join(__dirname, "..", "SECURITY.md"), "utf8"), NAMES, CLAIMED);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.filter((l) => l.difference === "stricter than checkov").length).toBeGreaterThan(0);
  });

  test.each([
    [
      "an unknown mutation",
      row("no such mutation", "CKV_AWS_24", "a.b", "stricter than checkov"),
      /no mutation .* is named "no such mutation"/,
    ],
    [
      "a rule the suite does not claim",
      row(M1, "CKV_AWS_19", "a.b", "stricter than checkov"),
      /CKV_AWS_19 is not a checkov rule this suite claims/,
    ],
    [
      "another word for the difference",
      row(M1, "CKV_AWS_24", "a.b", "stricter"),
      /the difference is `stricter than checkov` or `looser than checkov`/,
    ],
    ["a missing cell", `| \`${M1}\` | \`CKV_AWS_24\` | \`stricter than checkov\` | ${REASON} |`, /expected 5 cells/],
  ])("a row with %s is an error, not a silent skip", (_, text, message) => {
    expect(() => parseComparison(table(text), NAMES, CLAIMED)).toThrow(message);
  });

  test("a difference the mutation brings fails unless listed; one its base already has is the clean comparison's; a listed one that no longer occurs is stale", () => {
    const listed = parseComparison(
      table(
        [
          row(M1, "CKV_AWS_24", "aws_security_group.*", "stricter than checkov"),
          row(M2, "CKV_AWS_382", "aws_security_group.g", "looser than checkov"),
        ].join("\n"),
      ),
      NAMES,
      CLAIMED,
    );
    const base = { ours: set("CKV_AWS_260 @ r.x"), checkov: set() }; // a difference of the clean stack
    const result = compareMutations(
      [
        {
          mutation: M1,
          base,
          mutated: {
            ours: set("CKV_AWS_260 @ r.x", "CKV_AWS_24 @ aws_security_group.g", "CKV_AWS_25 @ aws_security_group.g", "IAM.21 @ p.q"),
            checkov: set("CKV_AWS_25 @ aws_security_group.g", "CKV_AWS_277 @ aws_security_group.g", "CKV_AWS_19 @ aws_eip.e"),
          },
        },
        { mutation: M2, base: nothing, mutated: nothing },
      ],
      listed,
      CLAIMED,
    );
    const [c1, c2] = result.comparisons;
    expect(c1.agreed).toEqual(["CKV_AWS_25 @ aws_security_group.g"]);
    expect(c1.differences.map((d) => [d.key, d.difference, !!d.listed])).toEqual([
      ["CKV_AWS_24 @ aws_security_group.g", "stricter than checkov", true],
      ["CKV_AWS_277 @ aws_security_group.g", "looser than checkov", false],
    ]);
    expect(c2.differences).toEqual([]);
    expect(result.stale).toEqual([`${JSON.stringify(M2)}: CKV_AWS_382 @ aws_security_group.g (looser than checkov)`]);
    expect(mutationComparisonFails(result)).toBe(true);
    const text = formatMutationComparison(result);
    expect(text).toContain(`${JSON.stringify(M1)}: DIFFERS from checkov`);
    expect(text).toContain(
      `NEW        CKV_AWS_277 @ aws_security_group.g: this suite passes it, checkov FAILS it on the mutation ${JSON.stringify(M1)}`,
    );
    expect(text).toContain("listed     CKV_AWS_24 @ aws_security_group.g: this suite FAILS it, checkov passes it (stricter than checkov)");
    expect(text).toMatch(/STALE .*CKV_AWS_382 @ aws_security_group\.g .*no longer occurs/);

    // Listed and occurring, nothing else: the run passes.
    const ok = compareMutations(
      [{ mutation: M1, base: nothing, mutated: { ours: set("CKV_AWS_24 @ aws_security_group.g"), checkov: set() } }],
      listed.slice(0, 1),
      CLAIMED,
    );
    expect(mutationComparisonFails(ok)).toBe(false);
  });
});
