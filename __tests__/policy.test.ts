import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadProjectConfigFile } from "../src/config/load";
import { EnvironmentConfig } from "../src/config/types";
import { Finding } from "../src/policy/finding";
import { evaluate, RULES } from "../src/policy/evaluate";
import { AcceptedException, appliesTo, covers, ExceptionsError, judge, parseExceptions } from "../src/policy/exceptions";
import { parseJsonencodeCall } from "../src/policy/hcl-expression";
import { statementsOf } from "../src/policy/policy-document";
import { Resources, resourcesOf, StackJson } from "../src/synthesized/stack-json";
import { add, at, INTERNET_SSH, JSONENCODE_FLOW_LOG_POLICY, MUTATIONS, s3Statement } from "../src/policy/mutations";
import { cleanStacks, environmentPolicyStacks, mutationBases, PolicyStack } from "../src/tools/policy-stacks";

const ROOT = path.join(__dirname, "..");
const SECURITY_MD = fs.readFileSync(path.join(ROOT, "SECURITY.md"), "utf8");
const EXCEPTIONS = parseExceptions(
  SECURITY_MD,
  RULES.map((r) => r.id),
);

// The checked-in configuration, without this machine's environment variables.
const config = loadProjectConfigFile(path.join(ROOT, "config", "environments.json"), {});
const defaultEnv = config.environments.find((e) => e.name === config.defaultEnvironment)!;
const variants = (env: EnvironmentConfig, label: string) => environmentPolicyStacks(config, env, label);

/** The stacks as they are deployed: every environment, and the demo with and without a certificate, and on its own name. */
const CLEAN: PolicyStack[] = cleanStacks(config);

const devEnv = config.environments.find((e) => e.egress === "nat-gateway");

const SWITCHES: Partial<EnvironmentConfig> = {
  sagemakerRuntimeEndpoint: true,
  clusterFeatures: ["irsa", "pod-identity", "load-balancer-controller", "cluster-autoscaler", "eks-api"],
  extraInterfaceEndpoints: ["ssm"],
  flowLogKmsKeyArn: "arn:aws:kms:ap-southeast-1:123456789012:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
  s3EndpointAllowedBuckets: ["retail-models"],
  costAlarmThresholdUsd: 30,
};

/** Every optional feature on: must raise nothing SECURITY.md does not accept (it is not a deployed stack, so exceptions may not occur). */
const EVERY_SWITCH = variants({ ...defaultEnv, ...SWITCHES }, "every switch")[0];
/** The same with NAT egress (the environment that chose it, or the default one switched to it). */
const EVERY_SWITCH_NAT = variants(
  { ...(devEnv ?? { ...defaultEnv, egress: "nat-gateway" as const }), ...SWITCHES },
  "every switch, NAT egress",
)[0];

const stackOf = (v: PolicyStack): StackJson => JSON.parse(v.json);
const judged = (v: PolicyStack, stack = stackOf(v)) => judge({ name: v.name, stack, findings: evaluate(stack) }, EXCEPTIONS);
const pair = (f: { id: string; address: string }) => `${f.id} @ ${f.address}`;
const notAccepted = (v: PolicyStack, stack: StackJson) =>
  judged(v, stack)
    .judged.filter((j) => !j.accepted)
    .map((j) => pair(j.finding));

test.each(CLEAN.map((v) => [v.label, v]))(
  "%s: every finding is an exception SECURITY.md accepts, and every exception that applies occurs",
  (_, v) => {
    const { judged: results, stale } = judged(v);
    expect(results.filter((j) => !j.accepted).map((j) => pair(j.finding))).toEqual([]);
    expect(stale.map(pair)).toEqual([]);
    expect(results.length).toBeGreaterThan(0);
  },
);

test.each([EVERY_SWITCH, EVERY_SWITCH_NAT].map((v) => [v.label, v]))("%s: no finding that SECURITY.md does not accept", (_, v) => {
  expect(notAccepted(v, stackOf(v))).toEqual([]);
});

test("the checked-in configuration still has an environment with NAT egress (the (NAT egress) rows of SECURITY.md are checked against it)", () => {
  expect(devEnv).toBeDefined();
  expect(CLEAN.filter((v) => resourcesOf(stackOf(v), "aws_nat_gateway").length > 0).map((v) => v.label)).toEqual([
    `${devEnv!.name} network`,
  ]);
});

test("every exception in SECURITY.md occurs in one of the stacks checked here (no dead rows, no mistyped addresses)", () => {
  const all = [...CLEAN, EVERY_SWITCH, EVERY_SWITCH_NAT].map((v) => ({ v, stack: stackOf(v), findings: evaluate(v.json) }));
  const dead = EXCEPTIONS.flatMap((e) =>
    e.addresses
      .filter(
        (address) =>
          !all.some(
            ({ v, stack, findings }) =>
              appliesTo(e, v.name, stack) && findings.some((f) => f.id === e.id && covers({ ...e, addresses: [address] }, f.address)),
          ),
      )
      .map((address) => pair({ id: e.id, address })),
  );
  expect(dead).toEqual([]);
});

test("SECURITY.md's rule table names exactly the rules the check runs", () => {
  const section = SECURITY_MD.slice(SECURITY_MD.indexOf("## Rules"), SECURITY_MD.indexOf("## Accepted exceptions"));
  const documented = section
    .split("\n")
    .filter((l) => /^\| `/.test(l))
    .flatMap((l) => [...l.split("|")[1].matchAll(/`([^`]+)`/g)].map((m) => m[1]));
  expect([...new Set(documented)].sort()).toEqual([...new Set(RULES.map((r) => r.id))].sort());
});

// ---- deliberate regressions: the check itself must catch each, with the right id and address ----

const BASES = mutationBases(config, CLEAN);
const { network, natNetwork } = BASES;

test.each(MUTATIONS.map(({ name, base, mutate, expected }) => [name, BASES[base], mutate, expected] as const))(
  "catches %s",
  (_, v, mutate, expected) => {
    const stack = stackOf(v);
    mutate(stack);
    expect(JSON.stringify(stack)).not.toEqual(JSON.stringify(stackOf(v))); // the mutation found what it changes
    // The first is new with the mutation; others may be accepted findings of the clean stack that it un-accepts (NAT gone).
    expect(evaluate(v.json).map(pair)).not.toEqual(expect.arrayContaining(expected.slice(0, 1)));
    // Caught by the rules, and not excused by SECURITY.md: `npm run policy` fails on it.
    expect(notAccepted(v, stack)).toEqual(expect.arrayContaining(expected));
  },
);

test("a default route from a private subnet to a NAT gateway passes when the stack has NAT egress", () => {
  const withNat = (options: { allowNatEgress?: boolean }, natInStack: boolean) => {
    const stack = stackOf(network);
    if (natInStack) add(stack, "aws_nat_gateway", "nat", { subnet_id: "${aws_subnet.public_subnet_ap_southeast_1a.id}" });
    add(stack, "aws_route", "private_nat", {
      route_table_id: "${aws_route_table.private_route_table.id}",
      destination_cidr_block: "0.0.0.0/0",
      nat_gateway_id: "${aws_nat_gateway.nat.id}",
    });
    return evaluate(stack, options)
      .filter((f) => f.id === "MLOPS_NET_1")
      .map(pair);
  };
  expect(withNat({}, false)).toEqual(["MLOPS_NET_1 @ aws_route.private_nat"]);
  expect(withNat({}, true)).toEqual([]);
  expect(withNat({ allowNatEgress: true }, false)).toEqual([]);
});

test("the defaults pass the checks their old exceptions were for: S3 endpoint policy, flow-log trust conditions, production retention", () => {
  const ids = (v: PolicyStack) => evaluate(v.json).map((f) => f.id);
  for (const v of [network, natNetwork, EVERY_SWITCH, EVERY_SWITCH_NAT]) {
    expect(ids(v)).not.toContain("MLOPS_VPCE_1");
    expect(ids(v)).not.toContain("MLOPS_VPCE_2");
    expect(ids(v)).not.toContain("MLOPS_IAM_1");
    expect(ids(v)).not.toContain("MLOPS_IAM_2");
  }
  expect(ids(network)).not.toContain("CKV_AWS_338 / CloudWatch.16");
  // The account statement is s3:* on * and passes only through its condition on the bucket's account.
  expect(s3Statement(stackOf(network), "AllowThisAccountsBuckets")).toMatchObject({
    Action: "s3:*",
    Resource: "*",
    Condition: { StringEquals: { "aws:ResourceAccount": "${aws_vpc.vpc.owner_id}" } },
  });
  // No SECURITY.md row accepts these any more, in any network stack.
  expect(EXCEPTIONS.filter((e) => ["MLOPS_VPCE_1", "MLOPS_VPCE_2", "MLOPS_IAM_1", "MLOPS_IAM_2"].includes(e.id))).toEqual([]);
  expect(EXCEPTIONS.filter((e) => e.id === "CKV_AWS_338 / CloudWatch.16" && appliesTo(e, network.name, stackOf(network)))).toEqual([]);
});

test("s3EndpointAccess open (no endpoint policy) fails MLOPS_VPCE_1, and SECURITY.md does not accept it", () => {
  const open = variants({ ...defaultEnv, s3EndpointAccess: "open" }, "open S3")[0];
  expect(at(stackOf(open), "aws_vpc_endpoint", "s3_gateway_endpoint").policy).toBeUndefined();
  expect(notAccepted(open, stackOf(open))).toEqual(["MLOPS_VPCE_1 @ aws_vpc_endpoint.s3_gateway_endpoint"]);
});

test("the NAT-egress exceptions apply only to a stack that has the NAT gateway", () => {
  const natRows = EXCEPTIONS.filter((e) => e.stacks.every((s) => s.qualifier === "NAT egress"));
  expect(natRows.map((e) => e.id).sort()).toEqual(["EC2.10", "EC2.55", "EC2.56", "MLOPS_NET_2"]);
  const withoutNat = stackOf(natNetwork);
  delete (withoutNat.resource as Resources).aws_nat_gateway;
  for (const e of natRows) {
    expect(appliesTo(e, natNetwork.name, stackOf(natNetwork))).toBe(true);
    expect(appliesTo(e, natNetwork.name, withoutNat)).toBe(false);
    expect(appliesTo(e, network.name, stackOf(network))).toBe(false);
  }
  // The default (vpc-endpoints) stack has all the endpoints these rows excuse, and no internet egress.
  expect(
    evaluate(network.json)
      .filter((f) => natRows.some((e) => e.id === f.id && e.addresses.includes(f.address)))
      .map(pair),
  ).toEqual([]);
});

test("the jsonencode form of a trust policy with the source conditions is read, and passes MLOPS_IAM_1", () => {
  const stack = stackOf(network);
  at(stack, "aws_iam_role", "flow_log_role").assume_role_policy =
    '${jsonencode({"Statement" = [{"Effect" = "Allow", "Principal" = {"Service" = "vpc-flow-logs.amazonaws.com"}, "Action" = "sts:AssumeRole", ' +
    '"Condition" = {"StringEquals" = {"aws:SourceAccount" = data.aws_caller_identity.current.account_id}, "ArnLike" = {"aws:SourceArn" = "arn:aws:ec2:ap-southeast-1:${data.aws_caller_identity.current.account_id}:vpc-flow-log/*"}}}]})}';
  const ids = evaluate(stack).map((f) => f.id);
  expect(ids).not.toContain("MLOPS_IAM_1");
  expect(ids).not.toContain("MLOPS_IAM_2");
});

// ---- the pieces ----

const FLOW_LOG_STATEMENT = expect.objectContaining({
  effect: "Allow",
  actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"],
  resources: ["${aws_cloudwatch_log_group.flow_log_group.arn}", "${aws_cloudwatch_log_group.flow_log_group.arn}:*"],
});

test("the flow-log role's JSON policy is read, references and all", () => {
  const policy = JSON.parse(network.json).resource.aws_iam_role_policy.flow_log_role_policy.policy;
  expect(typeof policy).toBe("string");
  expect(statementsOf(policy)).toEqual([
    expect.objectContaining({
      actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
      resources: ["${aws_cloudwatch_log_group.flow_log_group.arn}", "${aws_cloudwatch_log_group.flow_log_group.arn}:*"],
    }),
    expect.objectContaining({ actions: ["logs:DescribeLogGroups"], resources: ["*"] }),
  ]);
});

test("the same policy written as ${jsonencode({…})} is read the same way", () => {
  expect(statementsOf(JSONENCODE_FLOW_LOG_POLICY(""))).toEqual([FLOW_LOG_STATEMENT]);
});

test("the flow-log trust policy's conditions are read with their operators and values", () => {
  const trust = JSON.parse(network.json).resource.aws_iam_role.flow_log_role.assume_role_policy;
  expect(statementsOf(trust)[0].conditions).toEqual([
    { operator: "StringEquals", key: "aws:sourceaccount", values: ["${aws_vpc.vpc.owner_id}"] },
    { operator: "ArnLike", key: "aws:sourcearn", values: ["arn:aws:ec2:ap-southeast-1:${aws_vpc.vpc.owner_id}:vpc-flow-log/*"] },
  ]);
});

test.each([
  ['{"a" = [1, true, null], b: "x${y.z}"}', { a: [1, true, null], b: "x${y.z}" }],
  ['{"s" = "quote \\" and $${literal}"}', { s: 'quote " and ${literal}' }],
  ["{\n  k = data.aws_region.current.name\n  l = [aws_x.y[0].arn]\n}", { k: "${data.aws_region.current.name}", l: ["${aws_x.y[0].arn}"] }],
])("HCL value %s", (text, expected) => {
  expect(parseJsonencodeCall(`jsonencode(${text})`)).toEqual(expected);
});

test.each([
  "jsonencode(merge(a.b, {}))",
  'jsonencode({"a" = var.x == 1 ? "*" : "y"})',
  "jsonencode({a = [for x in y : x]})",
  'jsonencode({"a" = "b"}) extra',
])("not guessed at: %s", (text) => {
  expect(() => parseJsonencodeCall(text)).toThrow();
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
    ["an unknown check", `| \`CKV_AWS_9999\` | \`x\` | \`a.b\` | ${REASON} |`],
    ["a missing cell", `| \`CKV_AWS_2\` | \`a.b\` | ${REASON} |`],
  ])("a row with %s is an error, not a silent skip", (_, row) => {
    expect(() => parseExceptions(table(row), ["CKV_AWS_2"])).toThrow(ExceptionsError);
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

describe("npm run policy", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-test-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (files: string[]) => spawnSync(process.execPath, ["scripts/tool.js", "policy", ...files], { cwd: ROOT, encoding: "utf8" });
  const write = (v: PolicyStack, json: string, sub: string) => {
    const file = path.join(dir, sub, v.name, "cdk.tf.json");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, json);
    return file;
  };

  test("exits 0 on the clean synthesized stacks, and 1 on a mutated one", () => {
    const clean = CLEAN.map((v, i) => write(v, v.json, `clean-${i}`));
    const ok = run(clean);
    expect({ status: ok.status, stderr: ok.stderr }).toEqual({ status: 0, stderr: "" });
    expect(ok.stdout).toMatch(
      new RegExp(`policy: 0 findings to fix, 0 stale exceptions in SECURITY.md, \\d+ accepted, in ${CLEAN.length} stacks`),
    );
    expect(ok.stdout).toContain("accepted CKV_AWS_130 / EC2.15");
    expect(ok.stdout).not.toMatch(/\(\//); // file paths are printed relative

    const stack = stackOf(network);
    at(stack, "aws_security_group", "eks_nodes_sg").ingress = [INTERNET_SSH];
    const bad = run([write(network, JSON.stringify(stack), "mutated")]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/FIX +CKV_AWS_24 +aws_security_group\.eks_nodes_sg +ingress\[0\] allows tcp 22 from 0\.0\.0\.0\/0/);
    expect(bad.stdout).toContain("policy: 4 findings to fix");
  });

  test("exits 1 when an accepted exception no longer occurs", () => {
    const stack = stackOf(network);
    at(stack, "aws_cloudwatch_log_group", "flow_log_group").kms_key_id = "arn:aws:kms:ap-southeast-1:123456789012:key/x";
    const result = run([write(network, JSON.stringify(stack), "stale")]);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/STALE +CKV_AWS_158 +aws_cloudwatch_log_group\.flow_log_group/);
  });
});
