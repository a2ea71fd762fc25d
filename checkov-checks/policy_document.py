"""IAM and endpoint policies as cdktf writes them: a JSON string (with `${…}` references inside) or an
object. Anything else (a reference to a document elsewhere, `${jsonencode(…)}`, a typo) cannot be
judged, and raises Unreadable: a policy that cannot be read must not pass for that."""
import json


class Unreadable(Exception):
    pass


def _strings(value):
    return [v if isinstance(v, str) else json.dumps(v) for v in (value if isinstance(value, list) else [value])] if value is not None else []


def _principals(value):
    if value is None:
        return {}
    if value == "*":
        return {"*": ["*"]}
    if not isinstance(value, dict):
        raise Unreadable(f"unreadable Principal {json.dumps(value)}")
    return {kind: _strings(ids) for kind, ids in value.items()}


class Statement:
    """One statement; NotAction / NotResource / NotPrincipal count as `*` (they allow everything else)."""

    def __init__(self, raw):
        if not isinstance(raw, dict):
            raise Unreadable("a statement is not an object")
        self.effect = raw.get("Effect", "Allow")
        if self.effect not in ("Allow", "Deny"):
            raise Unreadable(f"unreadable Effect {json.dumps(self.effect)}")
        self.sid = raw.get("Sid", "")
        self.actions = ["*"] if "NotAction" in raw else _strings(raw.get("Action"))
        self.resources = ["*"] if "NotResource" in raw else _strings(raw.get("Resource"))
        self.principals = _principals("*" if "NotPrincipal" in raw else raw.get("Principal"))
        # (operator as written, key lower-cased, values as strings)
        self.conditions = [
            (operator, key.lower(), _strings(values))
            for operator, keys in (raw.get("Condition") or {}).items()
            if isinstance(keys, dict)
            for key, values in keys.items()
        ]

    def requires(self, keys, operator="StringEquals"):
        """A condition with this exact operator (not …IfExists, negated or Like) on one of `keys`, with non-empty values."""
        return any(op == operator and key in keys and values and all(values) for op, key, values in self.conditions)


def statements(value):
    if isinstance(value, dict):
        doc = value
    elif isinstance(value, str):
        text = value.strip()
        if text.startswith("${") and text.endswith("}"):
            raise Unreadable(f"a Terraform expression, not a policy document: {text[:80]}")
        try:
            doc = json.loads(text)
        except ValueError:
            raise Unreadable(f"not JSON: {text[:80]}") from None
    else:
        raise Unreadable(f"not a policy document: {json.dumps(value)[:80]}")
    if not isinstance(doc, dict) or "Statement" not in doc:
        raise Unreadable("the policy has no Statement")
    return [Statement(s) for s in (doc["Statement"] if isinstance(doc["Statement"], list) else [doc["Statement"]])]


def allows(value):
    """The Allow statements of a policy value (raises Unreadable)."""
    return [s for s in statements(value) if s.effect == "Allow"]
