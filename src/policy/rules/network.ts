import { refersTo, resourcesOf, shortServiceName } from "../../synthesized/stack-json";
import { Rule } from "../finding";
import { isEveryAction, isServiceWildcard } from "../iam-actions";
import { allows, onEveryResource, Statement } from "../policy-document";
import { isDefaultRoute } from "../../synthesized/routes";

/** FSBP controls that ask for an interface endpoint of a service in every VPC. */
const ENDPOINT_CONTROLS: readonly [string, string, string][] = [
  ["EC2.10", "ec2", "Amazon EC2"],
  ["EC2.55", "ecr.api", "the ECR API"],
  ["EC2.56", "ecr.dkr", "the ECR Docker registry"],
  ["EC2.57", "ssm", "Systems Manager"],
];

const FLOW_LOG_TRAFFIC = ["ALL", "REJECT"];

/**
 * Condition keys that tie a statement to the resource's owner (account or organization): with one
 * of them, `s3:*` on `*` is "any bucket of this account", not "any bucket in the world".
 */
const RESOURCE_OWNER_KEYS = ["aws:resourceaccount", "s3:resourceaccount", "aws:resourceorgid", "aws:resourceorgpaths"];

/**
 * Whether a condition of the statement limits it to resources of named owners: `StringEquals` (not
 * `…IfExists`, which passes when the key is missing, nor a negated or `Like` operator) on a
 * resource-owner key, with values. A reference such as `${aws_vpc.vpc.owner_id}` is a value.
 */
const ownerScoped = (s: Statement) =>
  s.conditions.some(
    (c) => c.operator === "StringEquals" && RESOURCE_OWNER_KEYS.includes(c.key) && c.values.length > 0 && c.values.every((v) => v !== ""),
  );

export const NETWORK_RULES: readonly Rule[] = [
  {
    id: "CKV2_AWS_11 / EC2.6",
    title: "Every VPC has flow logs (of all or rejected traffic)",
    on: "resource",
    types: ["aws_vpc"],
    test: (vpc, { stack }) =>
      !resourcesOf(stack, "aws_flow_log").some(
        (f) => refersTo(f.body.vpc_id, vpc.address) && FLOW_LOG_TRAFFIC.includes(f.body.traffic_type),
      ) && "the VPC has no flow log of ALL or REJECT traffic",
  },
  {
    id: "CKV2_AWS_12 / EC2.2",
    title: "The default security group of every VPC allows nothing",
    on: "resource",
    types: ["aws_vpc"],
    test: (vpc, { stack, sgRules }) => {
      const defaults = resourcesOf(stack, "aws_default_security_group").filter((d) => refersTo(d.body.vpc_id, vpc.address));
      if (defaults.length === 0) return "the default security group is not managed, so its allow-all rules stay";
      const open = sgRules.filter((r) => defaults.some((d) => r.group === d.address));
      return open.length > 0 && `the default security group has rules: ${open.map((r) => r.block ?? r.address).join(", ")}`;
    },
  },
  {
    id: "CKV_AWS_130 / EC2.15",
    title: "Subnets do not assign public IPv4 addresses",
    on: "resource",
    types: ["aws_subnet"],
    test: (s) => s.body.map_public_ip_on_launch === true && "map_public_ip_on_launch is true",
  },
  {
    id: "MLOPS_NET_1",
    title: "Private subnets have no default route, except to a NAT gateway when the stack has NAT egress",
    on: "route",
    test: (route, { privateRouteTables, natEgress }) =>
      isDefaultRoute(route) &&
      privateRouteTables.has(route.table) &&
      !(natEgress && (route.target.kind === "nat-gateway" || route.target.kind === "egress-only-gateway")) &&
      `${route.destination} → ${route.target.kind} in ${route.table}, the route table of a private subnet${natEgress ? "" : " (the stack has no NAT egress)"}`,
  },
  {
    id: "CKV2_AWS_35",
    title: "The default route does not go through a NAT instance",
    on: "route",
    test: (route) =>
      route.destination === "0.0.0.0/0" && route.target.kind === "instance" && "0.0.0.0/0 goes to an instance; use a NAT gateway",
  },
  {
    id: "CKV2_AWS_44",
    title: "No default route through a VPC peering connection",
    on: "route",
    test: (route) => isDefaultRoute(route) && route.target.kind === "peering" && `${route.destination} goes to a VPC peering connection`,
  },
  ...ENDPOINT_CONTROLS.map(([id, service, what]): Rule => ({
    id,
    title: `Every VPC has an interface endpoint for ${what}`,
    on: "resource",
    types: ["aws_vpc"],
    test: (vpc, { stack }) =>
      !resourcesOf(stack, "aws_vpc_endpoint").some(
        (e) =>
          e.body.vpc_endpoint_type === "Interface" &&
          refersTo(e.body.vpc_id, vpc.address) &&
          shortServiceName(String(e.body.service_name)) === service,
      ) && `no interface endpoint for ${service}`,
  })),
  {
    id: "MLOPS_VPCE_1",
    title: "Every VPC endpoint (gateway or interface) has an endpoint policy",
    on: "resource",
    types: ["aws_vpc_endpoint"],
    test: (e, { policies }) =>
      !policies.some((p) => p.address === e.address) &&
      (e.body.vpc_endpoint_type === "Gateway"
        ? "no endpoint policy: the default policy allows any action on any bucket or table, of any account"
        : `no endpoint policy: the default policy lets any account's credentials use ${shortServiceName(String(e.body.service_name))} through it`),
  },
  {
    id: "MLOPS_VPCE_2",
    title: "No endpoint policy allows every action of a service on every resource (of any owner)",
    on: "policy",
    test: (doc) => {
      const open = allows(doc).filter(
        (s) =>
          doc.kind === "endpoint" &&
          onEveryResource(s) &&
          !ownerScoped(s) &&
          s.actions.some((a) => isEveryAction(a) || isServiceWildcard(a)),
      );
      return open.length > 0 && `the endpoint policy allows ${open.flatMap((s) => s.actions).join(", ")} on *`;
    },
  },
];
