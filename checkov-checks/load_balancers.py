"""MLOPS_ELB_1: TLS listeners use one of AWS's hybrid post-quantum security policies (2025-09 and
later, TLS 1.2 or 1.3 at least, by name): ML-KEM key exchange for clients that offer it, classical
ECDHE for the others, so they cost no client. checkov's CKV2_AWS_74 only refuses weak ciphers."""
import re

from stack import StackCheck

POST_QUANTUM_POLICY = re.compile(r"^ELBSecurityPolicy-TLS13-1-[23]-(\w+-)*PQ-\d{4}-\d{2}$")
RECOMMENDED = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"


class PostQuantumTls(StackCheck):
    def __init__(self):
        super().__init__("MLOPS_ELB_1", f"TLS listeners use a hybrid post-quantum security policy (AWS recommends {RECOMMENDED})", ["aws_lb_listener", "aws_alb_listener"])

    def test(self, body, stack, address):
        if str(body.get("protocol", "HTTP")).upper() not in ("HTTPS", "TLS"):
            return None
        policy = body.get("ssl_policy")
        if POST_QUANTUM_POLICY.match(str(policy or "")):
            return None
        return f"ssl_policy {policy or '(default ELBSecurityPolicy-2016-08)'} has no post-quantum key exchange; use {RECOMMENDED}"


check = PostQuantumTls()
