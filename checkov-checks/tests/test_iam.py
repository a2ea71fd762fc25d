import unittest

from support import policy, stack

from iam import check_readable, check_service_wildcard, check_trust

TRUST = {"Effect": "Allow", "Principal": {"Service": "vpc-flow-logs.amazonaws.com"}, "Action": "sts:AssumeRole"}


class PolicyReadable(unittest.TestCase):
    def test_a_json_string_with_references_is_read(self):
        body = {"policy": policy({"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "${aws_cloudwatch_log_group.g.arn}"})}
        self.assertIsNone(check_readable.test(body, stack(), "aws_iam_role_policy.p"))

    def test_a_reference_or_jsonencode_cannot_be_judged(self):
        for value in ["${data.aws_iam_policy_document.x.json}", '${jsonencode({"Statement" = []})}', "{not json"]:
            message = check_readable.test({"policy": value}, stack(), "aws_iam_role_policy.p")
            self.assertRegex(message, r"^policy cannot be read")

    def test_a_trust_policy_and_inline_policies_are_read_too(self):
        body = {"assume_role_policy": policy(TRUST), "inline_policy": [{"policy": "${var.x}"}]}
        self.assertRegex(check_readable.test(body, stack(), "aws_iam_role.r"), r"^inline_policy\[0\]\.policy cannot be read")


class TrustNeedsSource(unittest.TestCase):
    def test_a_service_without_source_conditions_fails(self):
        self.assertEqual(check_trust.test({"assume_role_policy": policy(TRUST)}, stack(), "aws_iam_role.r"), "lets vpc-flow-logs.amazonaws.com assume the role for any account")

    def test_another_condition_key_is_no_source(self):
        statement = {**TRUST, "Condition": {"StringEquals": {"aws:PrincipalAccount": "1"}}}
        self.assertIsNotNone(check_trust.test({"assume_role_policy": policy(statement)}, stack(), "aws_iam_role.r"))

    def test_aws_source_account_passes(self):
        statement = {**TRUST, "Condition": {"StringEquals": {"aws:SourceAccount": "1"}}}
        self.assertIsNone(check_trust.test({"assume_role_policy": policy(statement)}, stack(), "aws_iam_role.r"))


class NoServiceWildcard(unittest.TestCase):
    def test_service_star_fails_and_named_actions_pass(self):
        bad = {"policy": policy({"Effect": "Allow", "Action": ["logs:*", "iam:PassRole"], "Resource": "*"})}
        self.assertEqual(check_service_wildcard.test(bad, stack(), "aws_iam_role_policy.p"), "allows logs:*")
        good = {"policy": policy({"Effect": "Allow", "Action": ["logs:PutLogEvents"], "Resource": "*"})}
        self.assertIsNone(check_service_wildcard.test(good, stack(), "aws_iam_role_policy.p"))


if __name__ == "__main__":
    unittest.main()
