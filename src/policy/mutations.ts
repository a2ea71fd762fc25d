import { ResourceBody, Resources, StackJson } from "../synthesized/stack-json";

/**
 * Deliberate regressions of the clean stacks, the test of the gate: each breaks one thing, and
 * checkov (a built-in check or one of checkov-checks/) must fail exactly the listed checks on the
 * listed resources, none of them accepted by SECURITY.md. `npm run checkov -- --regressions` (in
 * test:e2e) judges all of them in one checkov process.
 */

/**
 * The clean stack a mutation starts from: the default environment's `network`; the NAT-egress
 * environment's (`natNetwork`); the demo with a certificate (`demoHttps`); and the network and demo
 * on the demo's own name (`networkDomain`, `demoDomain`). `src/tools/policy-stacks.ts` builds them.
 */
export type MutationBase = "network" | "natNetwork" | "demoHttps" | "networkDomain" | "demoDomain";

export interface Mutation {
  /** What is broken, in words. */
  readonly name: string;
  readonly base: MutationBase;
  /** Changes the stack in place (a parsed copy of the base's JSON). */
  readonly mutate: (stack: StackJson) => void;
  /** The findings checkov must report on the mutated stack that SECURITY.md does not accept, as `id @ address`: all of them. */
  readonly expected: readonly string[];
}

export const add = (stack: StackJson, type: string, name: string, body: ResourceBody) => {
  const resources = stack.resource as Resources;
  resources[type] = { ...resources[type], [name]: body };
};
export const at = (stack: StackJson, type: string, name: string) => (stack.resource as Resources)[type][name];

/** A JSON policy string (as the stacks write it, `${…}` references inside) with one more statement first. */
const withStatement = (policy: string, statement: object) => {
  const doc = JSON.parse(policy);
  return JSON.stringify({ ...doc, Statement: [statement, ...doc.Statement] });
};
/** The flow-log role's policy written as `${jsonencode({…})}`, the form the stacks used before (the reader still takes it). */
export const JSONENCODE_FLOW_LOG_POLICY = (extra: string) =>
  '${jsonencode({"Version" = "2012-10-17", "Statement" = [' +
  extra +
  '{"Effect" = "Allow", "Action" = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"], ' +
  '"Resource" = [aws_cloudwatch_log_group.flow_log_group.arn, "${aws_cloudwatch_log_group.flow_log_group.arn}:*"]}]})}';
export const s3Statement = (s: StackJson, sid: string) =>
  JSON.parse(at(s, "aws_vpc_endpoint", "s3_gateway_endpoint").policy).Statement.find((x: { Sid?: string }) => x.Sid === sid);
const editS3Policy = (s: StackJson, edit: (statement: ResourceBody) => void) => {
  const e = at(s, "aws_vpc_endpoint", "s3_gateway_endpoint");
  const doc = JSON.parse(e.policy);
  edit(doc.Statement.find((x: { Sid?: string }) => x.Sid === "AllowThisAccountsBuckets"));
  e.policy = JSON.stringify(doc);
};
const editTrustPolicy = (s: StackJson, edit: (doc: ResourceBody) => void) => {
  const role = at(s, "aws_iam_role", "flow_log_role");
  const doc = JSON.parse(role.assume_role_policy);
  edit(doc);
  role.assume_role_policy = JSON.stringify(doc);
};
/** Edits the statements of an interface endpoint's policy (as synthesized, a JSON string). */
const editEndpointPolicy = (s: StackJson, endpoint: string, edit: (statements: ResourceBody[]) => ResourceBody[]) => {
  const e = at(s, "aws_vpc_endpoint", endpoint);
  const doc = JSON.parse(e.policy);
  e.policy = JSON.stringify({ ...doc, Statement: edit(doc.Statement) });
};
const withoutSid = (sid: string) => (statements: ResourceBody[]) => statements.filter((x) => x.Sid !== sid);
const NODES_HTTPS_TO_INTERNET = {
  security_group_id: "${aws_security_group.eks_nodes_sg.id}",
  ip_protocol: "tcp",
  from_port: 443,
  to_port: 443,
  cidr_ipv4: "0.0.0.0/0",
  description: "HTTPS to the internet",
};

export const INTERNET_SSH = { from_port: 22, to_port: 22, protocol: "tcp", cidr_blocks: ["0.0.0.0/0"], description: "ssh" };

const TABLE: [string, MutationBase, (s: StackJson) => void, string[]][] = [
  [
    "logs:* and iam:PassRole on * in the flow-log role's JSON policy (references inside)",
    "network",
    (s) => {
      const p = at(s, "aws_iam_role_policy", "flow_log_role_policy");
      p.policy = withStatement(p.policy, { Effect: "Allow", Action: ["logs:*", "iam:PassRole"], Resource: "*" });
    },
    // checkov's cloudsplaining checks (CKV_AWS_289, _290, _355) read no policy written as a JSON string.
    ["MLOPS_FSBP_IAM_21 @ aws_iam_role_policy.flow_log_role_policy"],
  ],
  [
    "logs:* and iam:PassRole on * in the flow-log role's policy written as jsonencode",
    "network",
    (s) =>
      (at(s, "aws_iam_role_policy", "flow_log_role_policy").policy = JSONENCODE_FLOW_LOG_POLICY(
        '{"Effect" = "Allow", "Action" = ["logs:*", "iam:PassRole"], "Resource" = "*"}, ',
      )),
    // Neither checkov nor our checks read an expression: it must not pass for that.
    ["MLOPS_IAM_2 @ aws_iam_role_policy.flow_log_role_policy"],
  ],
  [
    "* on * as a JSON policy string",
    "network",
    (s) =>
      (at(s, "aws_iam_role_policy", "flow_log_role_policy").policy = JSON.stringify({
        Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
      })),
    ["CKV_AWS_62", "CKV_AWS_63", "CKV2_AWS_40"].map((id) => `${id} @ aws_iam_role_policy.flow_log_role_policy`),
  ],
  [
    "a policy the check cannot read (a function call in jsonencode)",
    "network",
    (s) => (at(s, "aws_iam_role_policy", "flow_log_role_policy").policy = '${jsonencode(merge(local.base, {"Statement" = []}))}'),
    ["MLOPS_IAM_2 @ aws_iam_role_policy.flow_log_role_policy"],
  ],
  [
    "a policy that is a reference to a document elsewhere",
    "network",
    (s) => (at(s, "aws_iam_role_policy", "flow_log_role_policy").policy = "${data.aws_iam_policy_document.x.json}"),
    ["MLOPS_IAM_2 @ aws_iam_role_policy.flow_log_role_policy"],
  ],
  [
    "the flow-log trust policy without its aws:SourceAccount / aws:SourceArn conditions",
    "network",
    (s) => editTrustPolicy(s, (doc) => doc.Statement.forEach((statement: Record<string, unknown>) => delete statement.Condition)),
    ["MLOPS_IAM_1 @ aws_iam_role.flow_log_role"],
  ],
  [
    "the flow-log trust policy conditioned on a key that is not the source (aws:PrincipalAccount)",
    "network",
    (s) =>
      editTrustPolicy(s, (doc) => (doc.Statement[0].Condition = { StringEquals: { "aws:PrincipalAccount": "${aws_vpc.vpc.owner_id}" } })),
    ["MLOPS_IAM_1 @ aws_iam_role.flow_log_role"],
  ],
  [
    "a trust policy open to any AWS principal",
    "network",
    (s) =>
      (at(s, "aws_iam_role", "flow_log_role").assume_role_policy = JSON.stringify({
        Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }],
      })),
    ["CKV_AWS_60 @ aws_iam_role.flow_log_role"],
  ],
  [
    "an inline ingress block 0.0.0.0/0 on 22",
    "network",
    (s) => (at(s, "aws_security_group", "eks_nodes_sg").ingress = [INTERNET_SSH]),
    ["CKV_AWS_24", "MLOPS_FSBP_EC2_18"].map((id) => `${id} @ aws_security_group.eks_nodes_sg`),
  ],
  [
    "a legacy aws_security_group_rule 0.0.0.0/0 on 3389",
    "network",
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
    ["CKV_AWS_25", "MLOPS_FSBP_EC2_18"].map((id) => `${id} @ aws_security_group_rule.rdp`),
  ],
  [
    "an ingress rule resource for all traffic from ::/0",
    "network",
    (s) =>
      add(s, "aws_vpc_security_group_ingress_rule", "all_v6", {
        security_group_id: "${aws_security_group.alb_sg.id}",
        ip_protocol: "-1",
        cidr_ipv6: "::/0",
        description: "all",
      }),
    // checkov's port checks (CKV_AWS_24, _277) pass a rule resource without ports.
    ["MLOPS_FSBP_EC2_18 @ aws_vpc_security_group_ingress_rule.all_v6"],
  ],
  [
    "an egress rule for all traffic to 0.0.0.0/0",
    "network",
    (s) =>
      add(s, "aws_vpc_security_group_egress_rule", "all_out", {
        security_group_id: "${aws_security_group.eks_nodes_sg.id}",
        ip_protocol: "-1",
        cidr_ipv4: "0.0.0.0/0",
        description: "all",
      }),
    // checkov's CKV_AWS_382 passes a rule resource without ports.
    ["MLOPS_NET_2 @ aws_vpc_security_group_egress_rule.all_out"],
  ],
  [
    "the nodes' HTTPS egress to 0.0.0.0/0 in a stack without NAT egress",
    "network",
    (s) => add(s, "aws_vpc_security_group_egress_rule", "eks_nodes_out_https_to_internet", NODES_HTTPS_TO_INTERNET),
    ["MLOPS_NET_2 @ aws_vpc_security_group_egress_rule.eks_nodes_out_https_to_internet"],
  ],
  [
    "NAT egress: a second internet egress rule, on another port",
    "natNetwork",
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
    "natNetwork",
    (s) => delete (s.resource as Resources).aws_nat_gateway,
    // The NAT-egress exceptions no longer apply; the NAT's address is left attached to nothing.
    [
      "MLOPS_NET_1 @ aws_route.private_nat_route",
      "MLOPS_NET_2 @ aws_vpc_security_group_egress_rule.eks_nodes_out_https_to_internet",
      "CKV2_AWS_19 @ aws_eip.nat_gateway_eip",
      ...["MLOPS_FSBP_EC2_10", "MLOPS_FSBP_EC2_55", "MLOPS_FSBP_EC2_56"].map((id) => `${id} @ aws_vpc.vpc`),
    ],
  ],
  [
    "NAT egress: the private default route sent to the internet gateway instead of the NAT",
    "natNetwork",
    (s) => {
      const route = at(s, "aws_route", "private_nat_route");
      delete route.nat_gateway_id;
      route.gateway_id = "${aws_internet_gateway.internet_gateway.id}";
    },
    ["MLOPS_NET_1 @ aws_route.private_nat_route"],
  ],
  [
    "NAT egress: a public IPv4 on a private subnet",
    "natNetwork",
    (s) => (at(s, "aws_subnet", "private_subnet_ap_southeast_1a").map_public_ip_on_launch = true),
    ["CKV_AWS_130 @ aws_subnet.private_subnet_ap_southeast_1a"],
  ],
  [
    "a route 0.0.0.0/0 → internet gateway on the private route table",
    "network",
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
    "network",
    (s) => (at(s, "aws_route_table", "private_route_table").route = [{ cidr_block: "0.0.0.0/0", nat_gateway_id: "nat-0123456789abcdef0" }]),
    ["MLOPS_NET_1 @ aws_route_table.private_route_table"],
  ],
  [
    "map_public_ip_on_launch on a private subnet",
    "network",
    (s) => (at(s, "aws_subnet", "private_subnet_ap_southeast_1a").map_public_ip_on_launch = true),
    ["CKV_AWS_130 @ aws_subnet.private_subnet_ap_southeast_1a"],
  ],
  [
    "an inline rule in the default security group",
    "network",
    (s) =>
      (at(s, "aws_default_security_group", "default_security_group").egress = [
        { from_port: 0, to_port: 0, protocol: "-1", cidr_blocks: ["0.0.0.0/0"] },
      ]),
    ["CKV2_AWS_12 @ aws_vpc.vpc"],
  ],
  [
    "a rule resource on the default security group",
    "network",
    (s) =>
      add(s, "aws_vpc_security_group_ingress_rule", "default_in", {
        security_group_id: "${aws_default_security_group.default_security_group.id}",
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
        cidr_ipv4: "10.0.0.0/16",
        description: "x",
      }),
    ["CKV2_AWS_12 @ aws_vpc.vpc"],
  ],
  [
    "production flow logs kept 30 days",
    "network",
    (s) => (at(s, "aws_cloudwatch_log_group", "flow_log_group").retention_in_days = 30),
    ["CKV_AWS_338 @ aws_cloudwatch_log_group.flow_log_group"],
  ],
  ["the flow log removed", "network", (s) => delete (s.resource as Resources).aws_flow_log, ["CKV2_AWS_11 @ aws_vpc.vpc"]],
  [
    "the log retention removed",
    "network",
    (s) => delete at(s, "aws_cloudwatch_log_group", "flow_log_group").retention_in_days,
    ["CKV_AWS_66", "CKV_AWS_338"].map((id) => `${id} @ aws_cloudwatch_log_group.flow_log_group`),
  ],
  [
    "a security group rule without description",
    "network",
    (s) => delete at(s, "aws_vpc_security_group_ingress_rule", "vpc_endpoints_in_https_from_vpc").description,
    ["CKV_AWS_23 @ aws_vpc_security_group_ingress_rule.vpc_endpoints_in_https_from_vpc"],
  ],
  [
    "a security group nothing uses",
    "network",
    (s) => add(s, "aws_security_group", "spare", { description: "spare", vpc_id: "${aws_vpc.vpc.id}" }),
    ["CKV2_AWS_5 @ aws_security_group.spare"],
  ],
  [
    "an S3 endpoint policy with s3:* on *",
    "network",
    (s) =>
      (at(s, "aws_vpc_endpoint", "s3_gateway_endpoint").policy = JSON.stringify({
        Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*" }],
      })),
    ["MLOPS_VPCE_2 @ aws_vpc_endpoint.s3_gateway_endpoint"],
  ],
  [
    "the S3 endpoint policy removed",
    "network",
    (s) => delete at(s, "aws_vpc_endpoint", "s3_gateway_endpoint").policy,
    ["MLOPS_VPCE_1 @ aws_vpc_endpoint.s3_gateway_endpoint"],
  ],
  [
    "the aws:ResourceAccount condition removed from the S3 endpoint's s3:* on *",
    "network",
    (s) => editS3Policy(s, (st) => delete st.Condition),
    ["MLOPS_VPCE_2 @ aws_vpc_endpoint.s3_gateway_endpoint"],
  ],
  [
    "the S3 endpoint's account condition negated (StringNotEquals)",
    "network",
    (s) => editS3Policy(s, (st) => (st.Condition = { StringNotEquals: st.Condition.StringEquals })),
    ["MLOPS_VPCE_2 @ aws_vpc_endpoint.s3_gateway_endpoint"],
  ],
  [
    "the S3 endpoint's account condition made optional (StringEqualsIfExists)",
    "network",
    (s) => editS3Policy(s, (st) => (st.Condition = { StringEqualsIfExists: st.Condition.StringEquals })),
    ["MLOPS_VPCE_2 @ aws_vpc_endpoint.s3_gateway_endpoint"],
  ],
  [
    "the S3 endpoint's s3:* on * conditioned on the caller's account instead of the bucket's",
    "network",
    (s) => editS3Policy(s, (st) => (st.Condition = { StringEquals: { "aws:PrincipalAccount": "${aws_vpc.vpc.owner_id}" } })),
    ["MLOPS_VPCE_2 @ aws_vpc_endpoint.s3_gateway_endpoint"],
  ],
  [
    "an interface endpoint's policy removed (the ECR API's)",
    "network",
    (s) => delete at(s, "aws_vpc_endpoint", "ecr_api_endpoint").policy,
    ["MLOPS_VPCE_1 @ aws_vpc_endpoint.ecr_api_endpoint"],
  ],
  [
    "the Logs endpoint's principal fence dropped (any account's credentials on any log group)",
    "network",
    (s) =>
      editEndpointPolicy(s, "logs_endpoint", (statements) =>
        statements.map((x) => ({ ...x, Condition: undefined, Action: x.Action === "*" ? "logs:PutLogEvents" : x.Action })),
      ),
    ["MLOPS_VPCE_3 @ aws_vpc_endpoint.logs_endpoint", "MLOPS_VPCE_4 @ aws_vpc_endpoint.logs_endpoint"],
  ],
  [
    "IRSA: the STS endpoint without its web-identity statement (the Load Balancer Controller cannot get its role)",
    "network",
    (s) => editEndpointPolicy(s, "sts_endpoint", withoutSid("AllowWebIdentityToThisAccountsRoles")),
    ["MLOPS_VPCE_4 @ aws_vpc_endpoint.sts_endpoint"],
  ],
  [
    "IRSA: the web-identity statement fenced by aws:PrincipalAccount (a web-identity caller has none)",
    "network",
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
    "network",
    (s) =>
      editEndpointPolicy(s, "sts_endpoint", (statements) =>
        statements.map((x) => (x.Sid === "AllowWebIdentityToThisAccountsRoles" ? { ...x, Resource: "*" } : x)),
      ),
    ["MLOPS_VPCE_3 @ aws_vpc_endpoint.sts_endpoint"],
  ],
  [
    "the CNI and the controller: EC2 and ELB endpoints fenced to resource-less calls only (their roles' calls on ENIs and target groups refused)",
    "network",
    (s) =>
      ["ec2_endpoint", "elasticloadbalancing_endpoint"].forEach((e) =>
        editEndpointPolicy(s, e, withoutSid("AllowThisAccountsPrincipalsOnThisAccountsResources")),
      ),
    ["MLOPS_VPCE_4 @ aws_vpc_endpoint.ec2_endpoint", "MLOPS_VPCE_4 @ aws_vpc_endpoint.elasticloadbalancing_endpoint"],
  ],
  [
    "the TLS policy downgraded",
    "demoHttps",
    (s) => (at(s, "aws_lb_listener", "https_listener").ssl_policy = "ELBSecurityPolicy-2016-08"),
    ["CKV_AWS_103", "CKV2_AWS_74", "MLOPS_ELB_1"].map((id) => `${id} @ aws_lb_listener.https_listener`),
  ],
  [
    "the 2021 TLS 1.3/1.2 policy, without post-quantum key exchange",
    "demoHttps",
    (s) => (at(s, "aws_lb_listener", "https_listener").ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"),
    ["MLOPS_ELB_1 @ aws_lb_listener.https_listener"],
  ],
  [
    "drop_invalid_header_fields false",
    "demoHttps",
    (s) => (at(s, "aws_lb", "api_demo_alb").drop_invalid_header_fields = false),
    ["CKV_AWS_131 @ aws_lb.api_demo_alb"],
  ],
  [
    "the HTTP listener forwarding instead of redirecting while HTTPS exists",
    "demoHttps",
    (s) =>
      (at(s, "aws_lb_listener", "http_listener").default_action = [
        { type: "forward", target_group_arn: "${aws_lb_target_group.eks_api_target_group.arn}" },
      ]),
    [
      ...["CKV_AWS_2", "CKV_AWS_103"].map((id) => `${id} @ aws_lb_listener.http_listener`),
      // checkov names the load balancer whose HTTP listener does not redirect.
      "CKV2_AWS_20 @ aws_lb.api_demo_alb",
      "CKV_AWS_378 @ aws_lb_target_group.eks_api_target_group",
    ],
  ],
  [
    "the target group's health check removed",
    "demoHttps",
    (s) => delete at(s, "aws_lb_target_group", "eks_api_target_group").health_check,
    ["CKV_AWS_261 @ aws_lb_target_group.eks_api_target_group"],
  ],
  [
    "the demo certificate destroyed before its replacement exists",
    "networkDomain",
    (s) => delete at(s, "aws_acm_certificate", "demo_domain_certificate").lifecycle,
    ["CKV_AWS_233 @ aws_acm_certificate.demo_domain_certificate"],
  ],
  [
    "the demo certificate kept out of the Certificate Transparency logs",
    "networkDomain",
    (s) => (at(s, "aws_acm_certificate", "demo_domain_certificate").options = { certificate_transparency_logging_preference: "DISABLED" }),
    ["CKV_AWS_234 @ aws_acm_certificate.demo_domain_certificate"],
  ],
  [
    "a wildcard demo certificate",
    "networkDomain",
    (s) => (at(s, "aws_acm_certificate", "demo_domain_certificate").domain_name = "*.example.com"),
    ["CKV2_AWS_71 @ aws_acm_certificate.demo_domain_certificate"],
  ],
  [
    "the demo's name as fixed addresses instead of an alias of the ALB",
    "demoDomain",
    (s) => {
      const record = at(s, "aws_route53_record", "demo_domain_alias");
      delete record.alias;
      Object.assign(record, { records: ["203.0.113.10"], ttl: 300 });
    },
    ["CKV2_AWS_23 @ aws_route53_record.demo_domain_alias"],
  ],
];

export const MUTATIONS: readonly Mutation[] = TABLE.map(([name, base, mutate, expected]) => ({ name, base, mutate, expected }));
