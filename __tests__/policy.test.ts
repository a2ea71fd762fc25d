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
import { ResourceBody, Resources, resourcesOf, StackJson } from "../src/synthesized/stack-json";
import { synthEnvironment } from "../src/app";
import { CERTIFICATE_ARN, DEMO_DOMAIN } from "./support/synth";

const ROOT = path.join(__dirname, "..");
const SECURITY_MD = fs.readFileSync(path.join(ROOT, "SECURITY.md"), "utf8");
const EXCEPTIONS = parseExceptions(
  SECURITY_MD,
  RULES.map((r) => r.id),
);

interface Variant {
  readonly label: string;
  /** The stack name, as `cdktf synth` names it (SECURITY.md's stacks column matches it). */
  readonly name: string;
  readonly json: string;
}

// The checked-in configuration, without this machine's environment variables.
const config = loadProjectConfigFile(path.join(ROOT, "config", "environments.json"), {});
const defaultEnv = config.environments.find((e) => e.name === config.defaultEnvironment)!;

function variants(env: EnvironmentConfig, label: string): Variant[] {
  const s = synthEnvironment(env, env.name === config.defaultEnvironment);
  return [
    { label: `${label} network`, name: s.names.network, json: s.network },
    { label: `${label} demo-alb (HTTP only)`, name: s.names.demoAlb, json: s.demoAlb },
  ];
}

/** The stacks as they are deployed: every environment, and the demo with and without a certificate. */
const CLEAN: Variant[] = [
  ...config.environments.flatMap((env) => variants(env, env.name)),
  { ...variants({ ...defaultEnv, certificateArn: CERTIFICATE_ARN }, defaultEnv.name)[1], label: `${defaultEnv.name} demo-alb (HTTPS)` },
  ...variants({ ...defaultEnv, ...DEMO_DOMAIN, demoHostedZoneName: "example.com" }, defaultEnv.name).map((v) => ({
    ...v,
    label: v.label.replace("(HTTP only)", "").trim() + " (domain)",
  })),
];

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

const stackOf = (v: Variant): StackJson => JSON.parse(v.json);
const judged = (v: Variant, stack = stackOf(v)) => judge({ name: v.name, stack, findings: evaluate(stack) }, EXCEPTIONS);
const pair = (f: { id: string; address: string }) => `${f.id} @ ${f.address}`;
const notAccepted = (v: Variant, stack: StackJson) =>
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

const network = CLEAN.find((v) => v.label === `${defaultEnv.name} network`)!;
const natNetwork = CLEAN.find((v) => v.label === `${devEnv?.name} network`)!;
const demoHttps = CLEAN.find((v) => v.label.endsWith("demo-alb (HTTPS)"))!;
const networkDomain = CLEAN.find((v) => v.label.endsWith("network (domain)"))!;
const demoDomain = CLEAN.find((v) => v.label.endsWith("demo-alb (domain)"))!;

const add = (stack: StackJson, type: string, name: string, body: ResourceBody) => {
  const resources = stack.resource as Resources;
  resources[type] = { ...resources[type], [name]: body };
};
const at = (stack: StackJson, type: string, name: string) => (stack.resource as Resources)[type][name];

/** A JSON policy string (as the stacks write it, `${…}` references inside) with one more statement first. */
const withStatement = (policy: string, statement: object) => {
  const doc = JSON.parse(policy);
  return JSON.stringify({ ...doc, Statement: [statement, ...doc.Statement] });
};
/** The flow-log role's policy written as `${jsonencode({…})}`, the form the stacks used before (the reader still takes it). */
const JSONENCODE_FLOW_LOG_POLICY = (extra: string) =>
  '${jsonencode({"Version" = "2012-10-17", "Statement" = [' +
  extra +
  '{"Effect" = "Allow", "Action" = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"], ' +
  '"Resource" = [aws_cloudwatch_log_group.flow_log_group.arn, "${aws_cloudwatch_log_group.flow_log_group.arn}:*"]}]})}';
const s3Statement = (s: StackJson, sid: string) =>
  JSON.parse(at(s, "aws_vpc_endpoint", "s3_gateway_endpoint").policy).Statement.find((x: { Sid?: string }) => x.Sid === sid);
const editS3Policy = (s: StackJson, edit: (statement: Record<string, any>) => void) => {
  const e = at(s, "aws_vpc_endpoint", "s3_gateway_endpoint");
  const doc = JSON.parse(e.policy);
  edit(doc.Statement.find((x: { Sid?: string }) => x.Sid === "AllowThisAccountsBuckets"));
  e.policy = JSON.stringify(doc);
};
const editTrustPolicy = (s: StackJson, edit: (doc: Record<string, any>) => void) => {
  const role = at(s, "aws_iam_role", "flow_log_role");
  const doc = JSON.parse(role.assume_role_policy);
  edit(doc);
  role.assume_role_policy = JSON.stringify(doc);
};
/** Edits the statements of an interface endpoint's policy (as synthesized, a JSON string). */
const editEndpointPolicy = (s: StackJson, endpoint: string, edit: (statements: Record<string, any>[]) => Record<string, any>[]) => {
  const e = at(s, "aws_vpc_endpoint", endpoint);
  const doc = JSON.parse(e.policy);
  e.policy = JSON.stringify({ ...doc, Statement: edit(doc.Statement) });
};
const withoutSid = (sid: string) => (statements: Record<string, any>[]) => statements.filter((x) => x.Sid !== sid);
const NODES_HTTPS_TO_INTERNET = {
  security_group_id: "${aws_security_group.eks_nodes_sg.id}",
  ip_protocol: "tcp",
  from_port: 443,
  to_port: 443,
  cidr_ipv4: "0.0.0.0/0",
  description: "HTTPS to the internet",
};

const INTERNET_SSH = { from_port: 22, to_port: 22, protocol: "tcp", cidr_blocks: ["0.0.0.0/0"], description: "ssh" };

const REGRESSIONS: [string, Variant, (s: StackJson) => void, string[]][] = [
  [
    "logs:* and iam:PassRole on * in the flow-log role's JSON policy (references inside)",
    network,
    (s) => {
      const p = at(s, "aws_iam_role_policy", "flow_log_role_policy");
      p.policy = withStatement(p.policy, { Effect: "Allow", Action: ["logs:*", "iam:PassRole"], Resource: "*" });
    },
    ["IAM.21", "CKV_AWS_355", "CKV_AWS_290", "CKV_AWS_289"].map((id) => `${id} @ aws_iam_role_policy.flow_log_role_policy`),
  ],
  [
    "logs:* and iam:PassRole on * in the flow-log role's policy written as jsonencode",
    network,
    (s) =>
      (at(s, "aws_iam_role_policy", "flow_log_role_policy").policy = JSONENCODE_FLOW_LOG_POLICY(
        '{"Effect" = "Allow", "Action" = ["logs:*", "iam:PassRole"], "Resource" = "*"}, ',
      )),
    ["IAM.21", "CKV_AWS_355", "CKV_AWS_290", "CKV_AWS_289"].map((id) => `${id} @ aws_iam_role_policy.flow_log_role_policy`),
  ],
  [
    "* on * as a JSON policy string",
    network,
    (s) =>
      (at(s, "aws_iam_role_policy", "flow_log_role_policy").policy = JSON.stringify({
        Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
      })),
    ["CKV_AWS_62 / IAM.1", "CKV_AWS_63", "CKV2_AWS_40", "CKV_AWS_286"].map((id) => `${id} @ aws_iam_role_policy.flow_log_role_policy`),
  ],
  [
    "a policy the check cannot read (a function call in jsonencode)",
    network,
    (s) => (at(s, "aws_iam_role_policy", "flow_log_role_policy").policy = '${jsonencode(merge(local.base, {"Statement" = []}))}'),
    ["MLOPS_IAM_2 @ aws_iam_role_policy.flow_log_role_policy"],
  ],
  [
    "a policy that is a reference to a document elsewhere",
    network,
    (s) => (at(s, "aws_iam_role_policy", "flow_log_role_policy").policy = "${data.aws_iam_policy_document.x.json}"),
    ["MLOPS_IAM_2 @ aws_iam_role_policy.flow_log_role_policy"],
  ],
  [
    "the flow-log trust policy without its aws:SourceAccount / aws:SourceArn conditions",
    network,
    (s) => editTrustPolicy(s, (doc) => doc.Statement.forEach((statement: Record<string, unknown>) => delete statement.Condition)),
    ["MLOPS_IAM_1 @ aws_iam_role.flow_log_role"],
  ],
  [
    "the flow-log trust policy conditioned on a key that is not the source (aws:PrincipalAccount)",
    network,
    (s) =>
      editTrustPolicy(s, (doc) => (doc.Statement[0].Condition = { StringEquals: { "aws:PrincipalAccount": "${aws_vpc.vpc.owner_id}" } })),
    ["MLOPS_IAM_1 @ aws_iam_role.flow_log_role"],
  ],
  [
    "a trust policy open to any AWS principal",
    network,
    (s) =>
      (at(s, "aws_iam_role", "flow_log_role").assume_role_policy = JSON.stringify({
        Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }],
      })),
    ["CKV_AWS_60 @ aws_iam_role.flow_log_role"],
  ],
  [
    "an inline ingress block 0.0.0.0/0 on 22",
    network,
    (s) => (at(s, "aws_security_group", "eks_nodes_sg").ingress = [INTERNET_SSH]),
    ["CKV_AWS_24", "EC2.18", "EC2.19", "EC2.53"].map((id) => `${id} @ aws_security_group.eks_nodes_sg`),
  ],
  [
    "a legacy aws_security_group_rule 0.0.0.0/0 on 3389",
    network,
    (s) =>
      add(s, "aws_security_group_rule", "rdp", {
        type: "ingress",
        security_group_id: "${aws_security_group.eks_nodes_sg.id}",
        from_port: 3389,
        to_port: 3389,
        protocol: "tcp",
        cidr_blocks: ["0.0.0.0/0"],
        description: "rdp",
      }),
    ["CKV_AWS_25", "EC2.18", "EC2.19", "EC2.53"].map((id) => `${id} @ aws_security_group_rule.rdp`),
  ],
  [
    "an ingress rule resource for all traffic from ::/0",
    network,
    (s) =>
      add(s, "aws_vpc_security_group_ingress_rule", "all_v6", {
        security_group_id: "${aws_security_group.alb_sg.id}",
        ip_protocol: "-1",
        cidr_ipv6: "::/0",
        description: "all",
      }),
    ["CKV_AWS_277", "CKV_AWS_24", "EC2.54", "EC2.18"].map((id) => `${id} @ aws_vpc_security_group_ingress_rule.all_v6`),
  ],
  [
    "an egress rule for all traffic to 0.0.0.0/0",
    network,
    (s) =>
      add(s, "aws_vpc_security_group_egress_rule", "all_out", {
        security_group_id: "${aws_security_group.eks_nodes_sg.id}",
        ip_protocol: "-1",
        cidr_ipv4: "0.0.0.0/0",
        description: "all",
      }),
    ["CKV_AWS_382 @ aws_vpc_security_group_egress_rule.all_out", "MLOPS_NET_2 @ aws_vpc_security_group_egress_rule.all_out"],
  ],
  [
    "the nodes' HTTPS egress to 0.0.0.0/0 in a stack without NAT egress",
    network,
    (s) => add(s, "aws_vpc_security_group_egress_rule", "eks_nodes_out_https_to_internet", NODES_HTTPS_TO_INTERNET),
    ["MLOPS_NET_2 @ aws_vpc_security_group_egress_rule.eks_nodes_out_https_to_internet"],
  ],
  [
    "NAT egress: a second internet egress rule, on another port",
    natNetwork,
    (s) =>
      add(s, "aws_vpc_security_group_egress_rule", "eks_nodes_out_http_to_internet", {
        ...NODES_HTTPS_TO_INTERNET,
        from_port: 80,
        to_port: 80,
      }),
    ["MLOPS_NET_2 @ aws_vpc_security_group_egress_rule.eks_nodes_out_http_to_internet"],
  ],
  [
    "NAT egress: the NAT gateway gone, its private default route and the nodes' internet egress kept",
    natNetwork,
    (s) => delete (s.resource as Resources).aws_nat_gateway,
    ["MLOPS_NET_1 @ aws_route.private_nat_route", "MLOPS_NET_2 @ aws_vpc_security_group_egress_rule.eks_nodes_out_https_to_internet"],
  ],
  [
    "NAT egress: the private default route sent to the internet gateway instead of the NAT",
    natNetwork,
    (s) => {
      const route = at(s, "aws_route", "private_nat_route");
      delete route.nat_gateway_id;
      route.gateway_id = "${aws_internet_gateway.internet_gateway.id}";
    },
    ["MLOPS_NET_1 @ aws_route.private_nat_route"],
  ],
  [
    "NAT egress: a public IPv4 on a private subnet",
    natNetwork,
    (s) => (at(s, "aws_subnet", "private_subnet_ap_southeast_1a").map_public_ip_on_launch = true),
    ["CKV_AWS_130 / EC2.15 @ aws_subnet.private_subnet_ap_southeast_1a"],
  ],
  [
    "a route 0.0.0.0/0 → internet gateway on the private route table",
    network,
    (s) =>
      add(s, "aws_route", "private_internet", {
        route_table_id: "${aws_route_table.private_route_table.id}",
        destination_cidr_block: "0.0.0.0/0",
        gateway_id: "${aws_internet_gateway.internet_gateway.id}",
      }),
    ["MLOPS_NET_1 @ aws_route.private_internet"],
  ],
  [
    "an inline default route on the private route table to a NAT gateway the stack does not have",
    network,
    (s) => (at(s, "aws_route_table", "private_route_table").route = [{ cidr_block: "0.0.0.0/0", nat_gateway_id: "nat-0123456789abcdef0" }]),
    ["MLOPS_NET_1 @ aws_route_table.private_route_table"],
  ],
  [
    "map_public_ip_on_launch on a private subnet",
    network,
    (s) => (at(s, "aws_subnet", "private_subnet_ap_southeast_1a").map_public_ip_on_launch = true),
    ["CKV_AWS_130 / EC2.15 @ aws_subnet.private_subnet_ap_southeast_1a"],
  ],
  [
    "an inline rule in the default security group",
    network,
    (s) =>
      (at(s, "aws_default_security_group", "default_security_group").egress = [
        { from_port: 0, to_port: 0, protocol: "-1", cidr_blocks: ["0.0.0.0/0"] },
      ]),
    ["CKV2_AWS_12 / EC2.2 @ aws_vpc.vpc"],
  ],
  [
    "a rule resource on the default security group",
    network,
    (s) =>
      add(s, "aws_vpc_security_group_ingress_rule", "default_in", {
        security_group_id: "${aws_default_security_group.default_security_group.id}",
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
        cidr_ipv4: "10.0.0.0/16",
        description: "x",
      }),
    ["CKV2_AWS_12 / EC2.2 @ aws_vpc.vpc"],
  ],
  [
    "production flow logs kept 30 days",
    network,
    (s) => (at(s, "aws_cloudwatch_log_group", "flow_log_group").retention_in_days = 30),
    ["CKV_AWS_338 / CloudWatch.16 @ aws_cloudwatch_log_group.flow_log_group"],
  ],
  ["the flow log removed", network, (s) => delete (s.resource as Resources).aws_flow_log, ["CKV2_AWS_11 / EC2.6 @ aws_vpc.vpc"]],
  [
    "the log retention removed",
    network,
    (s) => delete at(s, "aws_cloudwatch_log_group", "flow_log_group").retention_in_days,
    ["CKV_AWS_66 @ aws_cloudwatch_log_group.flow_log_group"],
  ],
  [
    "a security group rule without description",
    network,
    (s) => delete at(s, "aws_vpc_security_group_ingress_rule", "vpc_endpoints_in_https_from_vpc").description,
    ["CKV_AWS_23 @ aws_vpc_security_group_ingress_rule.vpc_endpoints_in_https_from_vpc"],
  ],
  [
    "a security group nothing uses",
    network,
    (s) => add(s, "aws_security_group", "spare", { description: "spare", vpc_id: "${aws_vpc.vpc.id}" }),
    ["CKV2_AWS_5 @ aws_security_group.spare"],
  ],
  [
    "an S3 endpoint policy with s3:* on *",
    network,
    (s) =>
      (at(s, "aws_vpc_endpoint", "s3_gateway_endpoint").policy = JSON.stringify({
        Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*" }],
      })),
    ["MLOPS_VPCE_2 @ aws_vpc_endpoint.s3_gateway_endpoint"],
  ],
  [
    "the S3 endpoint policy removed",
    network,
    (s) => delete at(s, "aws_vpc_endpoint", "s3_gateway_endpoint").policy,
    ["MLOPS_VPCE_1 @ aws_vpc_endpoint.s3_gateway_endpoint"],
  ],
  [
    "the aws:ResourceAccount condition removed from the S3 endpoint's s3:* on *",
    network,
    (s) => editS3Policy(s, (st) => delete st.Condition),
    ["MLOPS_VPCE_2 @ aws_vpc_endpoint.s3_gateway_endpoint"],
  ],
  [
    "the S3 endpoint's account condition negated (StringNotEquals)",
    network,
    (s) => editS3Policy(s, (st) => (st.Condition = { StringNotEquals: st.Condition.StringEquals })),
    ["MLOPS_VPCE_2 @ aws_vpc_endpoint.s3_gateway_endpoint"],
  ],
  [
    "the S3 endpoint's account condition made optional (StringEqualsIfExists)",
    network,
    (s) => editS3Policy(s, (st) => (st.Condition = { StringEqualsIfExists: st.Condition.StringEquals })),
    ["MLOPS_VPCE_2 @ aws_vpc_endpoint.s3_gateway_endpoint"],
  ],
  [
    "the S3 endpoint's s3:* on * conditioned on the caller's account instead of the bucket's",
    network,
    (s) => editS3Policy(s, (st) => (st.Condition = { StringEquals: { "aws:PrincipalAccount": "${aws_vpc.vpc.owner_id}" } })),
    ["MLOPS_VPCE_2 @ aws_vpc_endpoint.s3_gateway_endpoint"],
  ],
  [
    "an interface endpoint's policy removed (the ECR API's)",
    network,
    (s) => delete at(s, "aws_vpc_endpoint", "ecr_api_endpoint").policy,
    ["MLOPS_VPCE_1 @ aws_vpc_endpoint.ecr_api_endpoint"],
  ],
  [
    "the Logs endpoint's principal fence dropped (any account's credentials on any log group)",
    network,
    (s) =>
      editEndpointPolicy(s, "logs_endpoint", (statements) =>
        statements.map((x) => ({ ...x, Condition: undefined, Action: x.Action === "*" ? "logs:PutLogEvents" : x.Action })),
      ),
    ["MLOPS_VPCE_3 @ aws_vpc_endpoint.logs_endpoint", "MLOPS_VPCE_4 @ aws_vpc_endpoint.logs_endpoint"],
  ],
  [
    "IRSA: the STS endpoint without its web-identity statement (the Load Balancer Controller cannot get its role)",
    network,
    (s) => editEndpointPolicy(s, "sts_endpoint", withoutSid("AllowWebIdentityToThisAccountsRoles")),
    ["MLOPS_VPCE_4 @ aws_vpc_endpoint.sts_endpoint"],
  ],
  [
    "IRSA: the web-identity statement fenced by aws:PrincipalAccount (a web-identity caller has none)",
    network,
    (s) =>
      editEndpointPolicy(s, "sts_endpoint", (statements) =>
        statements.map((x) =>
          x.Sid === "AllowWebIdentityToThisAccountsRoles"
            ? { ...x, Condition: { StringEquals: { "aws:PrincipalAccount": "${aws_vpc.vpc.owner_id}" } } }
            : x,
        ),
      ),
    ["MLOPS_VPCE_4 @ aws_vpc_endpoint.sts_endpoint"],
  ],
  [
    "IRSA: the web-identity statement on any account's roles",
    network,
    (s) =>
      editEndpointPolicy(s, "sts_endpoint", (statements) =>
        statements.map((x) => (x.Sid === "AllowWebIdentityToThisAccountsRoles" ? { ...x, Resource: "*" } : x)),
      ),
    ["MLOPS_VPCE_3 @ aws_vpc_endpoint.sts_endpoint", "MLOPS_VPCE_4 @ aws_vpc_endpoint.sts_endpoint"],
  ],
  [
    "add-on images: the ECR endpoints without AWS's add-on registry (nodes cannot pull the VPC CNI)",
    network,
    (s) => ["ecr_api_endpoint", "ecr_dkr_endpoint"].forEach((e) => editEndpointPolicy(s, e, withoutSid("AllowPullsOfEksAddOnImages"))),
    ["MLOPS_VPCE_4 @ aws_vpc_endpoint.ecr_api_endpoint", "MLOPS_VPCE_4 @ aws_vpc_endpoint.ecr_dkr_endpoint"],
  ],
  [
    "add-on images: the registry account of another region (af-south-1's) in ap-southeast-1",
    network,
    (s) =>
      editEndpointPolicy(s, "ecr_dkr_endpoint", (statements) =>
        statements.map((x) =>
          x.Sid === "AllowPullsOfEksAddOnImages" ? { ...x, Resource: x.Resource.replace("602401143452", "877085696533") } : x,
        ),
      ),
    ["MLOPS_VPCE_4 @ aws_vpc_endpoint.ecr_dkr_endpoint"],
  ],
  [
    "the CNI and the controller: EC2 and ELB endpoints fenced to resource-less calls only (their roles' calls on ENIs and target groups refused)",
    network,
    (s) =>
      ["ec2_endpoint", "elasticloadbalancing_endpoint"].forEach((e) =>
        editEndpointPolicy(s, e, withoutSid("AllowThisAccountsPrincipalsOnThisAccountsResources")),
      ),
    ["MLOPS_VPCE_4 @ aws_vpc_endpoint.ec2_endpoint", "MLOPS_VPCE_4 @ aws_vpc_endpoint.elasticloadbalancing_endpoint"],
  ],
  [
    "the controller: the ELB endpoint without its resource-less calls (Describe* refused)",
    network,
    (s) => editEndpointPolicy(s, "elasticloadbalancing_endpoint", withoutSid("AllowThisAccountsPrincipalsCallsWithoutResource")),
    ["MLOPS_VPCE_4 @ aws_vpc_endpoint.elasticloadbalancing_endpoint"],
  ],
  [
    "the TLS policy downgraded",
    demoHttps,
    (s) => (at(s, "aws_lb_listener", "https_listener").ssl_policy = "ELBSecurityPolicy-2016-08"),
    ["CKV_AWS_103 / ELB.17", "CKV2_AWS_74", "MLOPS_ELB_1"].map((id) => `${id} @ aws_lb_listener.https_listener`),
  ],
  [
    "the 2021 TLS 1.3/1.2 policy, without post-quantum key exchange",
    demoHttps,
    (s) => (at(s, "aws_lb_listener", "https_listener").ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"),
    ["MLOPS_ELB_1 @ aws_lb_listener.https_listener"],
  ],
  [
    "drop_invalid_header_fields false",
    demoHttps,
    (s) => (at(s, "aws_lb", "api_demo_alb").drop_invalid_header_fields = false),
    ["CKV_AWS_131 / ELB.4 @ aws_lb.api_demo_alb"],
  ],
  [
    "the HTTP listener forwarding instead of redirecting while HTTPS exists",
    demoHttps,
    (s) =>
      (at(s, "aws_lb_listener", "http_listener").default_action = [
        { type: "forward", target_group_arn: "${aws_lb_target_group.eks_api_target_group.arn}" },
      ]),
    [
      ...["CKV2_AWS_20 / ELB.1", "CKV_AWS_2", "CKV_AWS_103 / ELB.17"].map((id) => `${id} @ aws_lb_listener.http_listener`),
      "CKV_AWS_378 @ aws_lb_target_group.eks_api_target_group",
    ],
  ],
  [
    "the target group's health check removed",
    demoHttps,
    (s) => delete at(s, "aws_lb_target_group", "eks_api_target_group").health_check,
    ["CKV_AWS_261 @ aws_lb_target_group.eks_api_target_group"],
  ],
  [
    "the demo certificate destroyed before its replacement exists",
    networkDomain,
    (s) => delete at(s, "aws_acm_certificate", "demo_domain_certificate").lifecycle,
    ["CKV_AWS_233 @ aws_acm_certificate.demo_domain_certificate"],
  ],
  [
    "the demo certificate kept out of the Certificate Transparency logs",
    networkDomain,
    (s) => (at(s, "aws_acm_certificate", "demo_domain_certificate").options = { certificate_transparency_logging_preference: "DISABLED" }),
    ["CKV_AWS_234 @ aws_acm_certificate.demo_domain_certificate"],
  ],
  [
    "a wildcard demo certificate",
    networkDomain,
    (s) => (at(s, "aws_acm_certificate", "demo_domain_certificate").domain_name = "*.example.com"),
    ["CKV2_AWS_71 @ aws_acm_certificate.demo_domain_certificate"],
  ],
  [
    "the demo's name as fixed addresses instead of an alias of the ALB",
    demoDomain,
    (s) => {
      const record = at(s, "aws_route53_record", "demo_domain_alias");
      delete record.alias;
      Object.assign(record, { records: ["203.0.113.10"], ttl: 300 });
    },
    ["CKV2_AWS_23 @ aws_route53_record.demo_domain_alias"],
  ],
];

test.each(REGRESSIONS.map(([name, v, mutate, expected]) => [name, v, mutate, expected] as const))(
  "catches %s",
  (_, v, mutate, expected) => {
    const stack = stackOf(v);
    mutate(stack);
    expect(JSON.stringify(stack)).not.toEqual(JSON.stringify(stackOf(v))); // the mutation found what it changes
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
  const ids = (v: Variant) => evaluate(v.json).map((f) => f.id);
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
  expect(statementsOf(policy)).toEqual([FLOW_LOG_STATEMENT]);
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
  const write = (v: Variant, json: string, sub: string) => {
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
