import unittest

from support import stack

from alarms import check as alarm_check
from load_balancers import check as tls_check


class PostQuantumTls(unittest.TestCase):
    def test_a_tls_listener_without_a_post_quantum_policy_fails(self):
        for policy in [None, "ELBSecurityPolicy-TLS13-1-2-2021-06"]:
            body = {"protocol": "HTTPS", **({"ssl_policy": policy} if policy else {})}
            self.assertRegex(tls_check.test(body, stack(), "aws_lb_listener.l"), "has no post-quantum key exchange")

    def test_the_recommended_policy_and_plain_http_pass(self):
        self.assertIsNone(tls_check.test({"protocol": "HTTPS", "ssl_policy": "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"}, stack(), "aws_lb_listener.l"))
        self.assertIsNone(tls_check.test({"protocol": "HTTP"}, stack(), "aws_lb_listener.l"))


class AlarmHasAction(unittest.TestCase):
    def test_an_alarm_needs_an_action(self):
        self.assertEqual(alarm_check.test({}, stack(), "aws_cloudwatch_metric_alarm.a"), "no alarm_actions")
        self.assertIsNone(alarm_check.test({"alarm_actions": ["${aws_sns_topic.t.arn}"]}, stack(), "aws_cloudwatch_metric_alarm.a"))


if __name__ == "__main__":
    unittest.main()
