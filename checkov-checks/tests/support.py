"""Shared by the unit tests of the checks: the checks' folder on the import path, and small stacks."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def stack(**types):
    """A stack of resources by type: stack(aws_vpc={"vpc": {...}})."""
    return {"resource": types}


def policy(*statements):
    """A policy as cdktf writes it: a JSON string."""
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


ACCOUNT = "${aws_vpc.vpc.owner_id}"
