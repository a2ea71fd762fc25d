"""The base of this project's checkov checks: the whole synthesized stack, not one resource.

checkov hands a resource check one resource, with every value wrapped in a list. Most of this
project's rules need the rest of the stack (the route tables of private subnets, the VPC a flow log
belongs to), so a check here reads the stack file checkov is scanning and judges the resource's body
as cdktf wrote it. `test(body, stack, address)` is the rule: a failure message, or None; the unit tests
call it directly.
"""
import json
import os
import re
from functools import lru_cache

from checkov.common.models.enums import CheckCategories, CheckResult
from checkov.terraform.checks.resource.base_resource_check import BaseResourceCheck


@lru_cache(maxsize=None)
def _load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def stack_file(scanned_file):
    """checkov names a file relative to the folder it scans (`-d`) with a leading slash: the tools run
    it with `-d .` in the folder of the stacks."""
    if os.path.isfile(scanned_file):
        return scanned_file
    return os.path.join(os.getcwd(), scanned_file.lstrip("/"))


def resources(stack, resource_type):
    """The (name, body) pairs of one resource type."""
    return list((stack.get("resource") or {}).get(resource_type, {}).items())


def refers_to(value, address):
    """Whether a value (any JSON) names `address` in a `${…}` reference, e.g. `${aws_vpc.vpc.id}`."""
    return re.search(r"\$\{[^}]*\b" + re.escape(address) + r"\.", json.dumps(value)) is not None


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


class StackCheck(BaseResourceCheck):
    """A resource check that judges the resource's body within its whole stack."""

    def __init__(self, check_id, name, types):
        super().__init__(name=name, id=check_id, categories=[CheckCategories.GENERAL_SECURITY], supported_resources=types)
        self._where = None

    def run(self, scanned_file, entity_configuration, entity_name, entity_type, skip_info):
        self._where = (stack_file(scanned_file), entity_type, entity_name)
        return super().run(scanned_file, entity_configuration, entity_name, entity_type, skip_info)

    def scan_resource_conf(self, conf):
        path, resource_type, name = self._where
        stack = _load(path)
        body = stack["resource"][resource_type][name]
        message = self.test(body, stack, f"{resource_type}.{name}")
        self.details = [message] if message else []
        return CheckResult.FAILED if message else CheckResult.PASSED

    def test(self, body, stack, address):
        raise NotImplementedError
