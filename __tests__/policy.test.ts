// The pieces of the security gate that need no checkov: the deliberate regressions change what they
// say, SECURITY.md's table reads, its qualifiers apply where they say, and the policies as the stacks
// write them. checkov's verdicts on all of it are the gate's (npm run checkov, run by npm test).
import * as fs from "fs";
import * as path from "path";
import { loadProjectConfigFile } from "../src/config/load";
import { Finding } from "../src/policy/finding";
import { AcceptedException, appliesTo, ExceptionsError, judge, parseExceptions } from "../src/policy/exceptions";
import { Resources, resourcesOf, StackJson } from "../src/synthesized/stack-json";
import { at, MUTATIONS, s3Statement } from "../src/policy/mutations";
import { cleanStacks, environmentPolicyStacks, everySwitchStacks, mutationBases, PolicyStack } from "../src/tools/policy-stacks";

const ROOT = path.join(__dirname, "..");
const EXCEPTIONS = parseExceptions(fs.readFileSync(path.join(ROOT, "SECURITY.md"), "utf8"));

// The checked-in configuration, without this machine's environment variables.
const config = loadProjectConfigFile(path.join(ROOT, "config", "environments.json"), {});
const defaultEnv = config.environments.find((e) => e.name === config.defaultEnvironment)!;
const CLEAN: PolicyStack[] = cleanStacks(config);
const BASES = mutationBases(config, CLEAN);
const { network, natNetwork } = BASES;
const devEnv = config.environments.find((e) => e.egress === "nat-gateway");
const stackOf = (v: PolicyStack): StackJson => JSON.parse(v.json);

test.each(MUTATIONS.map((m) => [m.name, m] as const))("the regression %s changes its stack and says what must fail", (_, m) => {
  const stack = stackOf(BASES[m.base]);
  m.mutate(stack);
  expect(JSON.stringify(stack)).not.toEqual(BASES[m.base].json);
  expect(m.expected.length).toBeGreaterThan(0);
  expect(m.expected.every((e) => / @ [a-z0-9_]+\.[a-z0-9_]+$/.test(e))).toBe(true);
});

test("the regressions have names of their own (the gate reports them by name)", () => {
  expect(new Set(MUTATIONS.map((m) => m.name)).size).toBe(MUTATIONS.length);
});

test("the checked-in configuration still has an environment with NAT egress (the (NAT egress) rows of SECURITY.md are checked against it)", () => {
  expect(devEnv).toBeDefined();
  expect(CLEAN.filter((v) => resourcesOf(stackOf(v), "aws_nat_gateway").length > 0).map((v) => v.label)).toEqual([
    `${devEnv!.name} network`,
  ]);
  expect(everySwitchStacks(config).map((v) => resourcesOf(stackOf(v), "aws_nat_gateway").length)).toEqual([0, 1]);
});

test("the NAT-egress exceptions apply only to a stack that has the NAT gateway", () => {
  const natRows = EXCEPTIONS.filter((e) => e.stacks.every((s) => s.qualifier === "NAT egress"));
  expect(natRows.map((e) => e.id).sort()).toEqual(["MLOPS_FSBP_EC2_10", "MLOPS_FSBP_EC2_55", "MLOPS_FSBP_EC2_56", "MLOPS_NET_2"]);
  const withoutNat = stackOf(natNetwork);
  delete (withoutNat.resource as Resources).aws_nat_gateway;
  for (const e of natRows) {
    expect(appliesTo(e, natNetwork.name, stackOf(natNetwork))).toBe(true);
    expect(appliesTo(e, natNetwork.name, withoutNat)).toBe(false);
    expect(appliesTo(e, network.name, stackOf(network))).toBe(false);
  }
});

test("the defaults no SECURITY.md row excuses: the S3 endpoint's owner condition, production retention", () => {
  expect(EXCEPTIONS.filter((e) => e.id.startsWith("MLOPS_VPCE") || e.id.startsWith("MLOPS_IAM"))).toEqual([]);
  expect(EXCEPTIONS.filter((e) => e.id === "CKV_AWS_338" && appliesTo(e, network.name, stackOf(network)))).toEqual([]);
  // The account statement is s3:* on * and passes MLOPS_VPCE_2 only through its condition on the bucket's account.
  expect(s3Statement(stackOf(network), "AllowThisAccountsBuckets")).toMatchObject({
    Action: "s3:*",
    Resource: "*",
    Condition: { StringEquals: { "aws:ResourceAccount": "${aws_vpc.vpc.owner_id}" } },
  });
});

test("s3EndpointAccess open leaves the S3 endpoint without a policy (MLOPS_VPCE_1's finding, which SECURITY.md does not accept)", () => {
  const open = environmentPolicyStacks(config, { ...defaultEnv, s3EndpointAccess: "open" }, "open S3")[0];
  expect(at(stackOf(open), "aws_vpc_endpoint", "s3_gateway_endpoint").policy).toBeUndefined();
  expect(EXCEPTIONS.filter((e) => e.id === "MLOPS_VPCE_1")).toEqual([]);
});

// ---- the pieces ----

test("the flow-log role: writing to its own log group, and DescribeLogGroups (which names no log group) on *", () => {
  const policy = JSON.parse(JSON.parse(network.json).resource.aws_iam_role_policy.flow_log_role_policy.policy);
  expect(policy.Statement).toEqual([
    expect.objectContaining({
      Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
      Resource: ["${aws_cloudwatch_log_group.flow_log_group.arn}", "${aws_cloudwatch_log_group.flow_log_group.arn}:*"],
    }),
    expect.objectContaining({ Action: "logs:DescribeLogGroups", Resource: "*" }),
  ]);
});

test("the flow-log role is for this account's flow logs only (the confused deputy)", () => {
  const trust = JSON.parse(JSON.parse(network.json).resource.aws_iam_role.flow_log_role.assume_role_policy);
  expect(trust.Statement[0].Condition).toEqual({
    StringEquals: { "aws:SourceAccount": "${aws_vpc.vpc.owner_id}" },
    ArnLike: { "aws:SourceArn": "arn:aws:ec2:ap-southeast-1:${aws_vpc.vpc.owner_id}:vpc-flow-log/*" },
  });
});

describe("SECURITY.md's exception table", () => {
  const table = (rows: string) =>
    `# x\n\n## Accepted exceptions\n\n| check | stacks | resources | reason |\n|---|---|---|---|\n${rows}\n\n## Next\n| not | a | row | here |\n`;
  const REASON = "a reason long enough to be one";

  test("rows give the check, stack patterns with qualifiers, addresses and the reason", () => {
    expect(
      parseExceptions(
        table(`| \`CKV_AWS_2\` | \`demo-alb* (HTTP only)\`, \`x\` | \`aws_lb_listener.a\`, \`aws_lb_listener.b\` | ${REASON} |`),
      ),
    ).toEqual<AcceptedException[]>([
      {
        id: "CKV_AWS_2",
        stacks: [
          { pattern: "demo-alb*", qualifier: "HTTP only" },
          { pattern: "x", qualifier: undefined },
        ],
        addresses: ["aws_lb_listener.a", "aws_lb_listener.b"],
        reason: REASON,
      },
    ]);
  });

  test.each([
    ["no reason", `| \`CKV_AWS_2\` | \`x\` | \`a.b\` | because |`],
    ["an unknown qualifier", `| \`CKV_AWS_2\` | \`x (HTTP)\` | \`a.b\` | ${REASON} |`],
    ["a missing cell", `| \`CKV_AWS_2\` | \`a.b\` | ${REASON} |`],
  ])("a row with %s is an error, not a silent skip", (_, row) => {
    expect(() => parseExceptions(table(row))).toThrow(ExceptionsError);
  });

  test("an exception is stale when its resource is there and passes, not when the resource is absent", () => {
    const [e] = parseExceptions(table(`| \`CKV_AWS_2\` | \`s\` | \`aws_lb_listener.a\` | ${REASON} |`));
    const stack = (names: string[]): StackJson => ({ resource: { aws_lb_listener: Object.fromEntries(names.map((n) => [n, {}])) } });
    const finding: Finding = { id: "CKV_AWS_2", address: "aws_lb_listener.a", message: "m" };
    expect(judge({ name: "s", stack: stack(["a"]), findings: [finding] }, [e])).toEqual({ judged: [{ finding, accepted: e }], stale: [] });
    expect(judge({ name: "s", stack: stack(["a"]), findings: [] }, [e]).stale).toEqual([{ id: "CKV_AWS_2", address: "aws_lb_listener.a" }]);
    expect(judge({ name: "s", stack: stack([]), findings: [] }, [e]).stale).toEqual([]);
    expect(judge({ name: "other", stack: stack(["a"]), findings: [finding] }, [e]).judged[0].accepted).toBeUndefined();
  });

  test("an address pattern accepts the finding on every resource it matches, and each of them must still fail", () => {
    const [e] = parseExceptions(table(`| \`CKV_AWS_2\` | \`s\` | \`aws_lb_listener.public_*\` | ${REASON} |`));
    const stack: StackJson = { resource: { aws_lb_listener: { public_a: {}, public_b: {}, public_c: {}, other: {} } } };
    const on = (name: string): Finding => ({ id: "CKV_AWS_2", address: `aws_lb_listener.${name}`, message: "m" });
    const all = judge({ name: "s", stack, findings: ["public_a", "public_b", "public_c", "other"].map(on) }, [e]);
    expect(all.judged.map((j) => [j.finding.address, j.accepted === e])).toEqual([
      ["aws_lb_listener.public_a", true],
      ["aws_lb_listener.public_b", true],
      ["aws_lb_listener.public_c", true],
      ["aws_lb_listener.other", false],
    ]);
    expect(all.stale).toEqual([]);
    expect(judge({ name: "s", stack, findings: [on("public_a")] }, [e]).stale.map((x) => x.address)).toEqual([
      "aws_lb_listener.public_b",
      "aws_lb_listener.public_c",
    ]);
  });
});
