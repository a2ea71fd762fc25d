"""This project's security group rules that checkov lacks, over every form a rule takes: inline
ingress/egress blocks, aws_security_group_rule, and the aws_vpc_security_group_*_rule resources."""
from stack import StackCheck, as_list

INTERNET = ("0.0.0.0/0", "::/0")
RULE_TYPES = ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"]
# FSBP EC2.18's default authorized ports: TCP 80 and 443 only.
AUTHORIZED_TCP_PORTS = (80, 443)


class Rule:
    def __init__(self, where, direction, protocol, from_port, to_port, cidrs):
        self.where, self.direction, self.cidrs = where, direction, cidrs
        self.protocol = str(protocol).lower()
        self.all_traffic = self.protocol in ("-1", "all")
        self.ports = None if self.all_traffic or from_port is None else (int(from_port), int(to_port if to_port is not None else from_port))

    def from_internet(self):
        return any(c in INTERNET for c in self.cidrs)

    def text(self):
        if self.all_traffic:
            return "all traffic"
        if not self.ports:
            return self.protocol
        low, high = self.ports
        return f"{self.protocol} {low if low == high else f'{low}-{high}'}"


def rules_of(body, address):
    """The rules one resource writes, with where each is written for messages."""
    kind = address.split(".")[0]
    if kind == "aws_security_group":
        return [
            Rule(f"{direction}[{i}]", direction, b.get("protocol"), b.get("from_port"), b.get("to_port"), as_list(b.get("cidr_blocks")) + as_list(b.get("ipv6_cidr_blocks")))
            for direction in ("ingress", "egress")
            for i, b in enumerate(as_list(body.get(direction)))
        ]
    if kind == "aws_security_group_rule":
        return [Rule("the rule", body.get("type"), body.get("protocol"), body.get("from_port"), body.get("to_port"), as_list(body.get("cidr_blocks")) + as_list(body.get("ipv6_cidr_blocks")))]
    direction = "ingress" if kind.endswith("ingress_rule") else "egress"
    return [Rule("the rule", direction, body.get("ip_protocol"), body.get("from_port"), body.get("to_port"), as_list(body.get("cidr_ipv4")) + as_list(body.get("cidr_ipv6")))]


def authorized(rule):
    return rule.protocol in ("tcp", "6") and rule.ports is not None and rule.ports[0] == rule.ports[1] and rule.ports[0] in AUTHORIZED_TCP_PORTS


class RuleCheck(StackCheck):
    def __init__(self, check_id, name, direction, fails):
        super().__init__(check_id, name, RULE_TYPES)
        self.direction, self.fails = direction, fails

    def test(self, body, stack, address):
        bad = [r for r in rules_of(body, address) if r.direction == self.direction and r.from_internet() and self.fails(r)]
        preposition = "from" if self.direction == "ingress" else "to"
        return "; ".join(f"{r.where} allows {r.text()} {preposition} {', '.join(r.cidrs)}" for r in bad) or None


# Without NAT there is no way out, and with NAT it is the internet egress an environment must accept
# in SECURITY.md: no egress to the internet on any port (checkov's CKV_AWS_382 asks only about all ports).
check_no_internet_egress = RuleCheck("MLOPS_NET_2", "No egress to the internet on any port (workloads reach AWS through the VPC endpoints)", "egress", lambda r: True)
# FSBP EC2.18; it covers EC2.19 (high-risk ports), EC2.53 / EC2.54 (22 and 3389 from 0.0.0.0/0 or ::/0),
# which are all ports other than TCP 80 and 443. checkov's port checks pass a rule resource without ports.
check_authorized_ports = RuleCheck("MLOPS_FSBP_EC2_18", "Internet ingress only to TCP 80 and 443 (FSBP EC2.18, .19, .53, .54)", "ingress", lambda r: not authorized(r))
