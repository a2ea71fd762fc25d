"""MLOPS_NET_1: the route tables of private subnets have no default route, except to a NAT (or
egress-only) gateway when the stack has a NAT gateway. A subnet is private when it does not assign
public IPv4 addresses; its table is the one an aws_route_table_association gives it."""
import re

from stack import StackCheck, as_list, refers_to, resources

DEFAULT_ROUTES = ("0.0.0.0/0", "::/0")
EGRESS_TARGETS = ("nat_gateway_id", "egress_only_gateway_id")


def private_route_tables(stack):
    private = [f"aws_subnet.{n}" for n, s in resources(stack, "aws_subnet") if s.get("map_public_ip_on_launch") is not True]
    tables = set()
    for _, a in resources(stack, "aws_route_table_association"):
        if any(refers_to(a.get("subnet_id"), s) for s in private):
            m = re.search(r"\$\{(aws_route_table\.[\w-]+)\.", str(a.get("route_table_id")))
            if m:
                tables.add(m.group(1))
    return tables


class PrivateDefaultRoute(StackCheck):
    def __init__(self):
        super().__init__("MLOPS_NET_1", "Private subnets have no default route, except to a NAT gateway when the stack has one", ["aws_route", "aws_route_table"])

    def test(self, body, stack, address):
        private = private_route_tables(stack)
        nat = bool(resources(stack, "aws_nat_gateway"))
        if address.startswith("aws_route."):
            table = next((t for t in private if refers_to(body.get("route_table_id"), t)), None)
            routes = [("", body.get("destination_cidr_block") or body.get("destination_ipv6_cidr_block"), body)] if table else []
        else:
            table = address if address in private else None
            routes = [(f"route[{i}] ", r.get("cidr_block") or r.get("ipv6_cidr_block"), r) for i, r in enumerate(as_list(body.get("route")))] if table else []
        bad = [(where, destination, r) for where, destination, r in routes if destination in DEFAULT_ROUTES and not (nat and any(r.get(t) for t in EGRESS_TARGETS))]
        suffix = "" if nat else " (the stack has no NAT gateway)"
        return "; ".join(f"{where}{destination} in {table}, the route table of a private subnet{suffix}" for where, destination, _ in bad) or None


check_private_default_route = PrivateDefaultRoute()
