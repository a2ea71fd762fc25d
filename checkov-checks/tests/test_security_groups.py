import unittest

from support import stack

from security_groups import check_authorized_ports, check_no_internet_egress


class AuthorizedPorts(unittest.TestCase):
    def test_every_form_of_a_rule_that_opens_another_port_to_the_internet_fails(self):
        cases = [
            ("aws_security_group.g", {"ingress": [{"from_port": 22, "to_port": 22, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}]}, "ingress[0] allows tcp 22 from 0.0.0.0/0"),
            ("aws_security_group_rule.r", {"type": "ingress", "from_port": 3389, "to_port": 3389, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"]}, "the rule allows tcp 3389 from 0.0.0.0/0"),
            # All traffic has no ports: checkov's own port checks pass it.
            ("aws_vpc_security_group_ingress_rule.r", {"ip_protocol": "-1", "cidr_ipv6": "::/0"}, "the rule allows all traffic from ::/0"),
        ]
        for address, body, message in cases:
            self.assertEqual(check_authorized_ports.test(body, stack(), address), message)

    def test_https_from_the_internet_and_any_port_from_the_vpc_pass(self):
        self.assertIsNone(check_authorized_ports.test({"ip_protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_ipv4": "0.0.0.0/0"}, stack(), "aws_vpc_security_group_ingress_rule.r"))
        self.assertIsNone(check_authorized_ports.test({"ip_protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_ipv4": "10.0.0.0/16"}, stack(), "aws_vpc_security_group_ingress_rule.r"))


class NoInternetEgress(unittest.TestCase):
    def test_egress_to_the_internet_on_one_port_fails(self):
        body = {"ip_protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_ipv4": "0.0.0.0/0"}
        self.assertEqual(check_no_internet_egress.test(body, stack(), "aws_vpc_security_group_egress_rule.r"), "the rule allows tcp 443 to 0.0.0.0/0")

    def test_egress_inside_the_vpc_passes_and_ingress_is_not_its_business(self):
        self.assertIsNone(check_no_internet_egress.test({"ip_protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_ipv4": "10.0.0.0/16"}, stack(), "aws_vpc_security_group_egress_rule.r"))
        self.assertIsNone(check_no_internet_egress.test({"ip_protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_ipv4": "0.0.0.0/0"}, stack(), "aws_vpc_security_group_ingress_rule.r"))


if __name__ == "__main__":
    unittest.main()
