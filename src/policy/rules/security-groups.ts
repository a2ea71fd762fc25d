import { allResources, refersTo } from "../../synthesized/stack-json";
import { Rule } from "../finding";
import { opensAllPorts, opensPort, SecurityGroupRule } from "../../synthesized/security-group-rules";
import { cidrsOf, fromInternet, portsText, where } from "../sg-rules";

/** FSBP EC2.19's high-risk ports. */
const HIGH_RISK_PORTS = [
  20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500, 5601, 8080, 8088, 8888, 9200, 9300,
];
/** FSBP EC2.18's default authorized ports: TCP 80 and 443 only. */
const AUTHORIZED_TCP_PORTS = [80, 443];
const ADMIN_PORTS = [22, 3389];

/** The internet addresses a rule names, IPv4 then IPv6. */
const internetPeers = (r: SecurityGroupRule) => cidrsOf(r).join(", ");
const opensAny = (r: SecurityGroupRule, ports: readonly number[]) => ports.some((p) => opensPort(r, p));
const onlyAuthorized = (r: SecurityGroupRule) =>
  !r.ports || (r.protocol === "tcp" && r.ports.from === r.ports.to && AUTHORIZED_TCP_PORTS.includes(r.ports.from));

/** Internet ingress rules: id, what, and which rules (already open to the internet) fail it. */
const INTERNET_INGRESS: readonly [string, string, (r: SecurityGroupRule) => boolean][] = [
  ["CKV_AWS_24", "port 22 (SSH)", (r) => opensPort(r, 22)],
  ["CKV_AWS_25", "port 3389 (RDP)", (r) => opensPort(r, 3389)],
  ["CKV_AWS_260", "port 80", (r) => opensPort(r, 80)],
  ["CKV_AWS_277", "all ports", opensAllPorts],
  ["EC2.53", "remote administration ports from 0.0.0.0/0", (r) => cidrsOf(r).includes("0.0.0.0/0") && opensAny(r, ADMIN_PORTS)],
  ["EC2.54", "remote administration ports from ::/0", (r) => cidrsOf(r).includes("::/0") && opensAny(r, ADMIN_PORTS)],
  ["EC2.19", "high-risk ports", (r) => opensAny(r, HIGH_RISK_PORTS)],
  ["EC2.18", "ports other than TCP 80 and 443", (r) => !onlyAuthorized(r)],
];

/** Resource types that are security group rules, not things a group is attached to. */
const RULE_TYPES = [
  "aws_security_group",
  "aws_security_group_rule",
  "aws_vpc_security_group_ingress_rule",
  "aws_vpc_security_group_egress_rule",
];

export const SECURITY_GROUP_RULES: readonly Rule[] = [
  {
    id: "CKV_AWS_23",
    title: "Every security group and security group rule has a description",
    on: "resource",
    types: ["aws_security_group"],
    test: (g) => !g.body.description && "the security group has no description",
  },
  {
    id: "CKV_AWS_23",
    title: "Every security group and security group rule has a description",
    on: "sg-rule",
    test: (r) => !r.description && `${where(r)} has no description`,
  },
  ...INTERNET_INGRESS.map(([id, what, fails]): Rule => ({
    id,
    title: `No ingress from the internet to ${what}`,
    on: "sg-rule",
    test: (r) => r.direction === "ingress" && fromInternet(r) && fails(r) && `${where(r)} allows ${portsText(r)} from ${internetPeers(r)}`,
  })),
  {
    id: "CKV_AWS_382",
    title: "No egress to the internet on all ports",
    on: "sg-rule",
    test: (r) =>
      r.direction === "egress" && fromInternet(r) && opensAllPorts(r) && `${where(r)} allows ${portsText(r)} to ${internetPeers(r)}`,
  },
  {
    id: "MLOPS_NET_2",
    title: "No egress to the internet on any port (workloads reach AWS through the VPC endpoints)",
    on: "sg-rule",
    test: (r) => r.direction === "egress" && fromInternet(r) && `${where(r)} allows ${portsText(r)} to ${internetPeers(r)}`,
  },
  {
    id: "CKV2_AWS_5",
    title: "Security groups are attached to a resource of the stack",
    on: "resource",
    types: ["aws_security_group"],
    test: (g, { stack }) =>
      !allResources(stack).some(
        (r) => !RULE_TYPES.includes(r.type) && r.type !== "aws_default_security_group" && refersTo(r.body, g.address),
      ) && "no resource of this stack uses the security group",
  },
];
