/**
 * Checkov and AWS Foundational Security Best Practices (FSBP) rules that apply to the resource
 * types of these stacks, re-implemented over the synthesized JSON (checkov itself is a Python tool
 * that is not available here). Each returns the addresses of the resources that fail it.
 */
type Resources = Record<string, Record<string, Record<string, any>>>;

export interface Stack {
  readonly resource: Resources;
}

export interface PolicyCheck {
  /** Checkov id and FSBP control, as the tools print them. */
  readonly id: string;
  readonly title: string;
  readonly failing: (stack: Stack) => string[];
}

const each = (stack: Stack, type: string) => Object.entries(stack.resource[type] ?? {}).map(([name, r]) => ({ address: `${type}.${name}`, r }));
const refersTo = (value: unknown, address: string) => typeof value === "string" && value.includes(`\${${address}.`);
const OPEN = ["0.0.0.0/0"];
const OPEN_V6 = ["::/0"];

/** ELB policies that allow nothing older than TLS 1.2. */
const TLS12_POLICIES = /^ELBSecurityPolicy-(TLS13-1-[23]-|TLS-1-2-|FS-1-2-)/;

function interfaceServices(stack: Stack): string[] {
  return each(stack, "aws_vpc_endpoint").filter(({ r }) => r.vpc_endpoint_type === "Interface").map(({ r }) => r.service_name.split(".").slice(3).join("."));
}

/** A VPC of the stack lacks an interface endpoint for `service` (FSBP EC2.10, EC2.55-57). */
const endpointFor = (service: string) => (stack: Stack) =>
  each(stack, "aws_vpc").length > 0 && !interfaceServices(stack).includes(service) ? each(stack, "aws_vpc").map((v) => v.address) : [];

export const POLICY_CHECKS: readonly PolicyCheck[] = [
  {
    id: "CKV2_AWS_11 / EC2.6",
    title: "VPC flow logging is enabled in all VPCs",
    failing: (s) => each(s, "aws_vpc").filter(({ address }) => !each(s, "aws_flow_log").some(({ r }) => refersTo(r.vpc_id, address))).map((v) => v.address),
  },
  {
    id: "CKV2_AWS_12 / EC2.2",
    title: "The default security group of every VPC restricts all traffic",
    failing: (s) =>
      each(s, "aws_vpc").filter(({ address }) => !each(s, "aws_default_security_group").some(({ r }) => refersTo(r.vpc_id, address) && !r.ingress?.length && !r.egress?.length)).map((v) => v.address),
  },
  {
    id: "CKV_AWS_23",
    title: "Every security group and security group rule has a description",
    failing: (s) =>
      ["aws_security_group", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"].flatMap((t) => each(s, t)).filter(({ r }) => !r.description).map((x) => x.address),
  },
  {
    id: "CKV_AWS_130 / EC2.15",
    title: "Subnets do not assign public IPv4 addresses automatically",
    failing: (s) => each(s, "aws_subnet").filter(({ r }) => r.map_public_ip_on_launch === true).map((x) => x.address),
  },
  {
    id: "CKV_AWS_24 / CKV_AWS_25 / CKV_AWS_277 / EC2.18 / EC2.19",
    title: "Ingress from the internet only to authorized ports (nothing but 80 and 443, never all ports, SSH or RDP)",
    failing: (s) =>
      each(s, "aws_vpc_security_group_ingress_rule")
        .filter(({ r }) => OPEN.includes(r.cidr_ipv4) || OPEN_V6.includes(r.cidr_ipv6))
        .filter(({ r }) => r.ip_protocol !== "tcp" || r.from_port !== r.to_port || ![80, 443].includes(r.from_port))
        .map((x) => x.address),
  },
  {
    id: "CKV_AWS_260",
    title: "No ingress from 0.0.0.0/0 to port 80",
    failing: (s) => each(s, "aws_vpc_security_group_ingress_rule").filter(({ r }) => OPEN.includes(r.cidr_ipv4) && r.from_port <= 80 && r.to_port >= 80).map((x) => x.address),
  },
  {
    id: "CKV_AWS_382",
    title: "No egress to 0.0.0.0/0 on all ports",
    failing: (s) => each(s, "aws_vpc_security_group_egress_rule").filter(({ r }) => OPEN.includes(r.cidr_ipv4) && r.ip_protocol === "-1").map((x) => x.address),
  },
  {
    id: "CKV_AWS_60",
    title: "IAM roles can be assumed only by specific services or principals",
    failing: (s) =>
      each(s, "aws_iam_role").filter(({ r }) => JSON.parse(r.assume_role_policy).Statement.some((st: any) => st.Principal === "*" || st.Principal?.AWS === "*")).map((x) => x.address),
  },
  {
    id: "CKV_AWS_290 / CKV_AWS_355",
    title: "IAM policies do not allow write or any action on all resources",
    failing: (s) => each(s, "aws_iam_role_policy").filter(({ r }) => /"Resource":\s*"\*"|"Resource":\s*\[\s*"\*"/.test(r.policy)).map((x) => x.address),
  },
  {
    id: "CKV_AWS_66",
    title: "CloudWatch log groups have a retention period",
    failing: (s) => each(s, "aws_cloudwatch_log_group").filter(({ r }) => !r.retention_in_days).map((x) => x.address),
  },
  {
    id: "CKV_AWS_158",
    title: "CloudWatch log groups are encrypted with a KMS key",
    failing: (s) => each(s, "aws_cloudwatch_log_group").filter(({ r }) => !r.kms_key_id).map((x) => x.address),
  },
  {
    id: "CKV_AWS_26",
    title: "SNS topics are encrypted",
    failing: (s) => each(s, "aws_sns_topic").filter(({ r }) => !r.kms_master_key_id).map((x) => x.address),
  },
  { id: "EC2.10", title: "The VPC has an interface endpoint for the EC2 service", failing: endpointFor("ec2") },
  { id: "EC2.55", title: "The VPC has an interface endpoint for the ECR API", failing: endpointFor("ecr.api") },
  { id: "EC2.56", title: "The VPC has an interface endpoint for the Docker Registry API", failing: endpointFor("ecr.dkr") },
  { id: "EC2.57", title: "The VPC has an interface endpoint for Systems Manager", failing: endpointFor("ssm") },
  {
    id: "CKV2_AWS_20 / ELB.1",
    title: "ALB HTTP listeners redirect to HTTPS",
    failing: (s) =>
      each(s, "aws_lb_listener").filter(({ r }) => r.protocol === "HTTP" && !r.default_action?.some((a: any) => a.type === "redirect" && a.redirect?.protocol === "HTTPS")).map((x) => x.address),
  },
  {
    id: "CKV_AWS_2",
    title: "ALB listeners use HTTPS (or redirect to it)",
    failing: (s) =>
      each(s, "aws_lb_listener").filter(({ r }) => r.protocol !== "HTTPS" && !r.default_action?.some((a: any) => a.type === "redirect" && a.redirect?.protocol === "HTTPS")).map((x) => x.address),
  },
  {
    id: "CKV_AWS_103 / ELB.17",
    title: "HTTPS listeners use a TLS 1.2+ security policy",
    failing: (s) => each(s, "aws_lb_listener").filter(({ r }) => r.protocol === "HTTPS" && !TLS12_POLICIES.test(r.ssl_policy ?? "")).map((x) => x.address),
  },
  {
    id: "CKV_AWS_131 / ELB.4",
    title: "ALBs drop invalid HTTP header fields",
    failing: (s) => each(s, "aws_lb").filter(({ r }) => r.drop_invalid_header_fields !== true).map((x) => x.address),
  },
  {
    id: "CKV_AWS_150 / ELB.6",
    title: "ALBs have deletion protection",
    failing: (s) => each(s, "aws_lb").filter(({ r }) => r.enable_deletion_protection !== true).map((x) => x.address),
  },
  {
    id: "CKV_AWS_91 / ELB.5",
    title: "ALBs write access logs",
    failing: (s) => each(s, "aws_lb").filter(({ r }) => !r.access_logs?.enabled).map((x) => x.address),
  },
  {
    id: "CKV2_AWS_28",
    title: "Public ALBs are protected by a WAF web ACL",
    failing: (s) =>
      each(s, "aws_lb").filter(({ r, address }) => r.internal !== true && !each(s, "aws_wafv2_web_acl_association").some((w) => refersTo(w.r.resource_arn, address))).map((x) => x.address),
  },
  {
    id: "CKV_AWS_261",
    title: "Target groups define a health check",
    failing: (s) => each(s, "aws_lb_target_group").filter(({ r }) => !r.health_check?.path || r.health_check?.enabled === false).map((x) => x.address),
  },
  {
    id: "CKV_AWS_378",
    title: "Target groups do not use plain HTTP",
    failing: (s) => each(s, "aws_lb_target_group").filter(({ r }) => r.protocol === "HTTP").map((x) => x.address),
  },
];
