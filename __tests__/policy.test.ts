import * as fs from "fs";
import * as path from "path";
import { POLICY_CHECKS, Stack } from "./support/policy-checks";
import { CERTIFICATE_ARN, environment, synthDemoAlb, synthNetwork } from "./support/synth";

const EVERY_SWITCH = {
  sagemakerRuntimeEndpoint: true,
  clusterFeatures: ["irsa", "pod-identity", "load-balancer-controller", "cluster-autoscaler", "eks-api"],
  extraInterfaceEndpoints: ["ssm"],
  flowLogKmsKeyArn: "arn:aws:kms:ap-southeast-1:123456789012:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
  s3EndpointAllowedBuckets: ["retail-models"],
  costAlarmThresholdUsd: 30,
};

/** The synthesized stacks the suite checks, by the name SECURITY.md uses for them. */
const VARIANTS: Record<string, Stack> = {
  network: JSON.parse(synthNetwork()),
  "network (every switch)": JSON.parse(synthNetwork(environment(EVERY_SWITCH))),
  "demo-alb (HTTPS)": JSON.parse(synthDemoAlb(environment({ certificateArn: CERTIFICATE_ARN }))),
  "demo-alb (HTTP only)": JSON.parse(synthDemoAlb(environment())),
};

/** Rows `| `ID` | variant, variant | `address`, `address` | reason |` of SECURITY.md's exception table, one entry per variant and address. */
function acceptedExceptions(): string[] {
  const text = fs.readFileSync(path.join(__dirname, "..", "SECURITY.md"), "utf8");
  return [...text.matchAll(/^\| `([^`]+)` \| ([^|]+?) \| ((?:`[^`]+`(?:, )?)+) \| (.+) \|$/gm)].flatMap(([, id, variants, addresses, reason]) => {
    expect({ id, reason: reason.trim().length > 20 }).toEqual({ id, reason: true });
    return variants.split(", ").flatMap((variant) => [...addresses.matchAll(/`([^`]+)`/g)].map(([, address]) => `${id} | ${variant} | ${address}`));
  });
}

function findings(): string[] {
  return POLICY_CHECKS.flatMap((check) =>
    Object.entries(VARIANTS).flatMap(([variant, stack]) => check.failing(stack).map((address) => `${check.id} | ${variant} | ${address}`)),
  );
}

test("every failing check is an exception SECURITY.md accepts, with its reason", () => {
  const accepted = acceptedExceptions();
  expect(findings().filter((f) => !accepted.includes(f))).toEqual([]);
});

test("SECURITY.md lists no exception that no longer fails", () => {
  const found = findings();
  expect(acceptedExceptions().filter((e) => !found.includes(e))).toEqual([]);
});

test.each([
  ["CKV2_AWS_11 / EC2.6", "network"],
  ["CKV2_AWS_12 / EC2.2", "network"],
  ["CKV_AWS_23", "network"],
  ["CKV_AWS_24 / CKV_AWS_25 / CKV_AWS_277 / EC2.18 / EC2.19", "network"],
  ["CKV_AWS_66", "network"],
  ["CKV_AWS_158", "network (every switch)"],
  ["EC2.10", "network (every switch)"],
  ["EC2.55", "network"],
  ["EC2.56", "network"],
  ["CKV2_AWS_20 / ELB.1", "demo-alb (HTTPS)"],
  ["CKV_AWS_103 / ELB.17", "demo-alb (HTTPS)"],
  ["CKV_AWS_131 / ELB.4", "demo-alb (HTTP only)"],
  ["CKV_AWS_261", "demo-alb (HTTPS)"],
])("%s passes on %s", (id, variant) => {
  const check = POLICY_CHECKS.find((c) => c.id === id)!;
  expect(check.failing(VARIANTS[variant])).toEqual([]);
});

/** One stack that breaks every rule: each check must catch it, or the check is dead code. */
const INSECURE: Stack = {
  resource: {
    aws_vpc: { v: { cidr_block: "10.0.0.0/16" } },
    aws_subnet: { s: { vpc_id: "${aws_vpc.v.id}", map_public_ip_on_launch: true } },
    aws_security_group: { g: { vpc_id: "${aws_vpc.v.id}" } },
    aws_vpc_security_group_ingress_rule: { ssh: { security_group_id: "${aws_security_group.g.id}", cidr_ipv4: "0.0.0.0/0", ip_protocol: "tcp", from_port: 22, to_port: 80 } },
    aws_vpc_security_group_egress_rule: { all: { security_group_id: "${aws_security_group.g.id}", cidr_ipv4: "0.0.0.0/0", ip_protocol: "-1", description: "x" } },
    aws_iam_role: { r: { assume_role_policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }] }) } },
    aws_iam_role_policy: { p: { policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) } },
    aws_cloudwatch_log_group: { l: { name: "x" } },
    aws_sns_topic: { t: { name: "x" } },
    aws_lb: { a: { internal: false } },
    aws_lb_listener: { h: { protocol: "HTTP", default_action: [{ type: "forward" }] }, s: { protocol: "HTTPS", ssl_policy: "ELBSecurityPolicy-2016-08" } },
    aws_lb_target_group: { tg: { protocol: "HTTP", health_check: { enabled: false } } },
  },
};

test.each(POLICY_CHECKS.map((c) => [c.id, c]))("%s catches an insecure stack", (_, check) => {
  expect(check.failing(INSECURE).length).toBeGreaterThan(0);
});
