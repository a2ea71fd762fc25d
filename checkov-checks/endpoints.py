"""This project's VPC endpoint rules: FSBP's endpoint controls, and the data perimeter of the endpoint
policies (src/network/interface-endpoint-policy.ts). These read a policy's structure; what a policy
admits, call by call, is proven by the reachability report's IAM simulation."""
import re

from policy_document import Unreadable, allows
from stack import StackCheck, refers_to, resources

# FSBP controls that ask every VPC for an interface endpoint of a service: (check id, service).
ENDPOINT_CONTROLS = [("MLOPS_FSBP_EC2_10", "ec2"), ("MLOPS_FSBP_EC2_55", "ecr.api"), ("MLOPS_FSBP_EC2_56", "ecr.dkr"), ("MLOPS_FSBP_EC2_57", "ssm")]
RESOURCE_OWNER_KEYS = ["aws:resourceaccount", "s3:resourceaccount", "aws:resourceorgid", "aws:resourceorgpaths"]
PRINCIPAL_OWNER_KEYS = ["aws:principalaccount", "aws:principalorgid"]
NAMED_ACCOUNT_ROLE = re.compile(r"^arn:[a-z-]+:iam::[^:*]+:role/")
WEB_IDENTITY = "sts:assumerolewithwebidentity"


def short_service_name(service_name):
    """`com.amazonaws.<region>.ecr.api` or `cn.com.amazonaws.<region>.ecr.api` → `ecr.api`."""
    parts = str(service_name).split(".")
    start = 4 if parts[:3] == ["cn", "com", "amazonaws"] else 3
    return ".".join(parts[start:])


def is_interface(body):
    return body.get("vpc_endpoint_type") == "Interface"


class EndpointInVpc(StackCheck):
    def __init__(self, check_id, service):
        super().__init__(check_id, f"Every VPC has an interface endpoint for {service} (FSBP {check_id.split('_', 2)[2].replace('_', '.')})", ["aws_vpc"])
        self.service = service

    def test(self, body, stack, address):
        found = any(is_interface(e) and refers_to(e.get("vpc_id"), address) and short_service_name(e.get("service_name")) == self.service for _, e in resources(stack, "aws_vpc_endpoint"))
        return None if found else f"no interface endpoint for {self.service}"


class EndpointPolicyCheck(StackCheck):
    """A rule over a VPC endpoint's readable policy (no policy is MLOPS_VPCE_1's, unreadable MLOPS_IAM_2's)."""

    def __init__(self, check_id, name, interface_only):
        super().__init__(check_id, name, ["aws_vpc_endpoint"])
        self.interface_only = interface_only

    def test(self, body, stack, address):
        if "policy" not in body or (self.interface_only and not is_interface(body)):
            return None
        try:
            statements = allows(body["policy"])
        except Unreadable:
            return None
        return self.judge(statements)


class HasPolicy(StackCheck):
    def __init__(self):
        super().__init__("MLOPS_VPCE_1", "Every VPC endpoint (gateway or interface) has an endpoint policy", ["aws_vpc_endpoint"])

    def test(self, body, stack, address):
        if "policy" in body or any(refers_to(p.get("vpc_endpoint_id"), address) for _, p in resources(stack, "aws_vpc_endpoint_policy")):
            return None
        if body.get("vpc_endpoint_type") == "Gateway":
            return "no endpoint policy: the default policy allows any action on any bucket or table, of any account"
        return f"no endpoint policy: the default lets any account's credentials use {short_service_name(body.get('service_name'))} through it"


class NoServiceWideOnAnyOwner(EndpointPolicyCheck):
    def __init__(self):
        super().__init__("MLOPS_VPCE_2", "No endpoint policy allows * or service:* on * of any owner", interface_only=False)

    def judge(self, statements):
        wide = [
            a
            for s in statements
            if "*" in s.resources and not s.requires(RESOURCE_OWNER_KEYS) and not resource_less_only(s)
            for a in s.actions
            if a == "*" or a.endswith(":*")
        ]
        return f"allows {', '.join(wide)} on * without a StringEquals on the resource's owner" if wide else None


def resource_less_only(s):
    """This account's principals on requests that carry no resource account at all (`Null` on
    aws:ResourceAccount): a request on another account's resource carries that account, so it cannot
    match. The endpoints need it for actions that name no resource (ec2:Describe*) and the few that
    AWS sends without the key (ec2:CreateVolume)."""
    no_owner = any(op == "Null" and key == "aws:resourceaccount" and values == ["true"] for op, key, values in s.conditions)
    return no_owner and s.requires(PRINCIPAL_OWNER_KEYS)


def principal_fenced(s):
    """Admits only callers of named accounts: by condition, by named account principals, or the
    web-identity exchange (IRSA, whose caller has no principal yet) on roles of a named account."""
    by_principal = bool(s.principals) and all(kind == "AWS" and "*" not in ids for kind, ids in s.principals.items())
    web_identity = bool(s.actions) and all(a.lower() == WEB_IDENTITY for a in s.actions) and bool(s.resources) and all(NAMED_ACCOUNT_ROLE.match(r) for r in s.resources)
    return s.requires(PRINCIPAL_OWNER_KEYS) or by_principal or web_identity


class PrincipalFence(EndpointPolicyCheck):
    def __init__(self):
        super().__init__("MLOPS_VPCE_3", "Interface endpoint policies admit only principals of named accounts (data perimeter)", interface_only=True)

    def judge(self, statements):
        open_ = [s for s in statements if not principal_fenced(s)]
        return f"{len(open_)} Allow statement(s) admit credentials of any account: {'; '.join(s.sid or ', '.join(s.actions) for s in open_)}" if open_ else None


def same_values(s, key_a, key_b):
    values = {key: v for op, key, v in s.conditions if op == "StringEquals"}
    return key_a in values and values.get(key_a) == values.get(key_b)


class PerimeterShape(EndpointPolicyCheck):
    """The perimeter's two load-bearing statements: this account's principals on this account's
    resources (both keys, one value), and, on STS, IRSA's web-identity exchange without a principal
    condition (its caller has none, so such a condition refuses every pod's role)."""

    def __init__(self):
        super().__init__("MLOPS_VPCE_4", "Interface endpoint policies admit this account's principals on its resources, and STS admits IRSA's web identity", interface_only=True)

    def test(self, body, stack, address):
        self.service = short_service_name(body.get("service_name"))
        return super().test(body, stack, address)

    def judge(self, statements):
        problems = []
        if not any("*" in s.actions and same_values(s, "aws:principalaccount", "aws:resourceaccount") for s in statements):
            problems.append("no statement admits this account's principals (aws:PrincipalAccount) on this account's resources (aws:ResourceAccount, the same value)")
        if self.service == "sts":
            web = [s for s in statements if any(a.lower() == WEB_IDENTITY for a in s.actions)]
            if not web:
                problems.append("no statement admits sts:AssumeRoleWithWebIdentity: IRSA's pods cannot get their roles")
            elif any(s.requires(PRINCIPAL_OWNER_KEYS) for s in web):
                problems.append("the web-identity statement requires a principal account, which a web-identity caller does not have")
        return "; ".join(problems) or None


checks = [EndpointInVpc(check_id, service) for check_id, service in ENDPOINT_CONTROLS] + [HasPolicy(), NoServiceWideOnAnyOwner(), PrincipalFence(), PerimeterShape()]
