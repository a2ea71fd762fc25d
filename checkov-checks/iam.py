"""This project's IAM rules that checkov lacks."""
from policy_document import Unreadable, allows
from stack import StackCheck, as_list

# Resource types and their policy attributes (aws_iam_role's inline_policy blocks too).
POLICY_ATTRIBUTES = {
    "aws_iam_role_policy": ["policy"],
    "aws_iam_policy": ["policy"],
    "aws_iam_user_policy": ["policy"],
    "aws_iam_group_policy": ["policy"],
    "aws_iam_role": ["assume_role_policy"],
    "aws_vpc_endpoint": ["policy"],
    "aws_vpc_endpoint_policy": ["policy"],
    "aws_ecr_registry_policy": ["policy"],
}
IDENTITY_TYPES = ["aws_iam_role_policy", "aws_iam_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_role"]

# Condition keys that tie a service's use of a role to this account or resource (confused deputy).
SOURCE_KEYS = ["aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid"]


def identity_policies(body):
    """The identity policy values of a resource: `policy`, or a role's inline_policy blocks."""
    if "policy" in body:
        return [body["policy"]]
    return [b["policy"] for b in as_list(body.get("inline_policy")) if isinstance(b, dict) and "policy" in b]


class PolicyReadable(StackCheck):
    def __init__(self):
        super().__init__("MLOPS_IAM_2", "Every IAM and endpoint policy can be read (one that cannot be judged does not pass)", list(POLICY_ATTRIBUTES))

    def test(self, body, stack, address):
        values = [(a, body[a]) for a in POLICY_ATTRIBUTES.get(address.split(".")[0], []) if a in body]
        values += [(f"inline_policy[{i}].policy", b["policy"]) for i, b in enumerate(as_list(body.get("inline_policy"))) if isinstance(b, dict) and "policy" in b]
        for attribute, value in values:
            try:
                allows(value)
            except Unreadable as e:
                return f"{attribute} cannot be read: {e}"
        return None


class TrustNeedsSource(StackCheck):
    def __init__(self):
        super().__init__("MLOPS_IAM_1", "Roles assumed by an AWS service require aws:SourceAccount or aws:SourceArn (confused deputy)", ["aws_iam_role"])

    def test(self, body, stack, address):
        try:
            open_to = [p for s in allows(body.get("assume_role_policy")) if "Service" in s.principals and not any(k in SOURCE_KEYS for _, k, _ in s.conditions) for p in s.principals["Service"]]
        except Unreadable:
            return None  # MLOPS_IAM_2's finding
        return f"lets {', '.join(open_to)} assume the role for any account" if open_to else None


class NoServiceWildcard(StackCheck):
    """FSBP IAM.21: checkov's IAM checks stop at `*`; `logs:*` is every action of a service."""

    def __init__(self):
        super().__init__("MLOPS_FSBP_IAM_21", "No identity policy allows every action of a service (service:*), FSBP IAM.21", IDENTITY_TYPES)

    def test(self, body, stack, address):
        found = []
        for value in identity_policies(body):
            try:
                found += [a for s in allows(value) for a in s.actions if a.endswith(":*") and a != "*"]
            except Unreadable:
                pass  # MLOPS_IAM_2's finding
        return f"allows {', '.join(sorted(set(found)))}" if found else None


check_readable = PolicyReadable()
check_trust = TrustNeedsSource()
check_service_wildcard = NoServiceWildcard()
