import unittest

from support import stack

from routes import check_private_default_route

SUBNETS = {"private": {"map_public_ip_on_launch": False}, "public": {"map_public_ip_on_launch": True}}
ASSOCIATIONS = {
    "private": {"subnet_id": "${aws_subnet.private.id}", "route_table_id": "${aws_route_table.private.id}"},
    "public": {"subnet_id": "${aws_subnet.public.id}", "route_table_id": "${aws_route_table.public.id}"},
}


def network(nat=False, **extra):
    types = {"aws_subnet": SUBNETS, "aws_route_table_association": ASSOCIATIONS, **extra}
    return stack(**types, **({"aws_nat_gateway": {"nat": {}}} if nat else {}))


def route(table, **target):
    return {"route_table_id": f"${{aws_route_table.{table}.id}}", "destination_cidr_block": "0.0.0.0/0", **target}


class PrivateDefaultRoute(unittest.TestCase):
    def test_a_private_default_route_to_the_internet_gateway_fails(self):
        message = check_private_default_route.test(route("private", gateway_id="${aws_internet_gateway.igw.id}"), network(), "aws_route.r")
        self.assertEqual(message, "0.0.0.0/0 in aws_route_table.private, the route table of a private subnet (the stack has no NAT gateway)")

    def test_to_a_nat_gateway_only_when_the_stack_has_one(self):
        body = route("private", nat_gateway_id="${aws_nat_gateway.nat.id}")
        self.assertIsNotNone(check_private_default_route.test(body, network(), "aws_route.r"))
        self.assertIsNone(check_private_default_route.test(body, network(nat=True), "aws_route.r"))

    def test_inline_routes_of_a_private_table_fail_and_the_public_table_passes(self):
        table = {"route": [{"cidr_block": "0.0.0.0/0", "nat_gateway_id": "nat-0123"}]}
        self.assertRegex(check_private_default_route.test(table, network(), "aws_route_table.private"), r"^route\[0\] 0\.0\.0\.0/0")
        self.assertIsNone(check_private_default_route.test(route("public", gateway_id="${aws_internet_gateway.igw.id}"), network(), "aws_route.r"))


if __name__ == "__main__":
    unittest.main()
