import unittest

from support import ACCOUNT, policy, stack

from endpoints import checks

by_id = {c.id: c for c in checks}
OWN = {"Sid": "Own", "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalAccount": ACCOUNT, "aws:ResourceAccount": ACCOUNT}}}
WEB_IDENTITY = {"Sid": "Irsa", "Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRoleWithWebIdentity", "Resource": "arn:aws:iam::${aws_vpc.vpc.owner_id}:role/*"}


def interface(service, *statements):
    body = {"vpc_id": "${aws_vpc.vpc.id}", "vpc_endpoint_type": "Interface", "service_name": f"com.amazonaws.ap-southeast-1.{service}"}
    return {**body, "policy": policy(*statements)} if statements else body


class EndpointInVpc(unittest.TestCase):
    def test_a_vpc_without_the_service_fails_and_with_it_passes_in_china_too(self):
        check = by_id["MLOPS_FSBP_EC2_55"]
        self.assertEqual(check.test({}, stack(aws_vpc_endpoint={"e": interface("ecr.dkr")}), "aws_vpc.vpc"), "no interface endpoint for ecr.api")
        china = {**interface("ecr.api"), "service_name": "cn.com.amazonaws.cn-north-1.ecr.api"}
        self.assertIsNone(check.test({}, stack(aws_vpc_endpoint={"e": china}), "aws_vpc.vpc"))


class HasPolicy(unittest.TestCase):
    def test_an_endpoint_without_a_policy_fails(self):
        check = by_id["MLOPS_VPCE_1"]
        self.assertRegex(check.test({"vpc_endpoint_type": "Gateway"}, stack(), "aws_vpc_endpoint.s3"), "^no endpoint policy")
        self.assertIsNone(check.test(interface("logs", OWN), stack(), "aws_vpc_endpoint.logs"))


class NoServiceWideOnAnyOwner(unittest.TestCase):
    def test_s3_star_needs_a_string_equals_on_the_resource_owner(self):
        check = by_id["MLOPS_VPCE_2"]
        statement = {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}
        for condition in [None, {"StringNotEquals": {"aws:ResourceAccount": ACCOUNT}}, {"StringEqualsIfExists": {"aws:ResourceAccount": ACCOUNT}}, {"StringEquals": {"aws:PrincipalAccount": ACCOUNT}}]:
            body = {"policy": policy({**statement, **({"Condition": condition} if condition else {})})}
            self.assertIsNotNone(check.test(body, stack(), "aws_vpc_endpoint.s3"), condition)
        body = {"policy": policy({**statement, "Condition": {"StringEquals": {"aws:ResourceAccount": ACCOUNT}}})}
        self.assertIsNone(check.test(body, stack(), "aws_vpc_endpoint.s3"))

    def test_star_on_requests_without_a_resource_account_needs_the_principal_fence_too(self):
        check = by_id["MLOPS_VPCE_2"]
        statement = {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}
        no_owner = {"Null": {"aws:ResourceAccount": "true"}}
        for condition in [no_owner, {"Null": {"aws:ResourceAccount": "false"}, "StringEquals": {"aws:PrincipalAccount": ACCOUNT}}]:
            self.assertIsNotNone(check.test({"policy": policy({**statement, "Condition": condition})}, stack(), "aws_vpc_endpoint.ec2"), condition)
        fenced = {**no_owner, "StringEquals": {"aws:PrincipalAccount": ACCOUNT}}
        self.assertIsNone(check.test({"policy": policy({**statement, "Condition": fenced})}, stack(), "aws_vpc_endpoint.ec2"))


class PrincipalFence(unittest.TestCase):
    def test_a_statement_without_a_principal_fence_fails(self):
        check = by_id["MLOPS_VPCE_3"]
        loose = {"Sid": "Loose", "Effect": "Allow", "Principal": "*", "Action": "logs:PutLogEvents", "Resource": "*"}
        self.assertEqual(check.test(interface("logs", OWN, loose), stack(), "aws_vpc_endpoint.logs"), "1 Allow statement(s) admit credentials of any account: Loose")
        self.assertIsNotNone(check.test(interface("sts", OWN, {**WEB_IDENTITY, "Resource": "*"}), stack(), "aws_vpc_endpoint.sts"))
        self.assertIsNone(check.test(interface("sts", OWN, WEB_IDENTITY), stack(), "aws_vpc_endpoint.sts"))


class PerimeterShape(unittest.TestCase):
    def test_the_own_account_statement_and_sts_web_identity(self):
        check = by_id["MLOPS_VPCE_4"]
        resource_less = {**OWN, "Condition": {"StringEquals": {"aws:PrincipalAccount": ACCOUNT}}}
        self.assertRegex(check.test(interface("ec2", resource_less), stack(), "aws_vpc_endpoint.ec2"), "^no statement admits this account's principals")
        self.assertRegex(check.test(interface("sts", OWN), stack(), "aws_vpc_endpoint.sts"), "no statement admits sts:AssumeRoleWithWebIdentity")
        fenced = {**WEB_IDENTITY, "Condition": {"StringEquals": {"aws:PrincipalAccount": ACCOUNT}}}
        self.assertRegex(check.test(interface("sts", OWN, fenced), stack(), "aws_vpc_endpoint.sts"), "requires a principal account")
        self.assertIsNone(check.test(interface("sts", OWN, WEB_IDENTITY), stack(), "aws_vpc_endpoint.sts"))


if __name__ == "__main__":
    unittest.main()
