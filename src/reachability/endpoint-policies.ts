/**
 * The endpoint-policy link of the chain: a packet that reaches an endpoint still needs the
 * endpoint's policy to admit the call. The IAM simulator's proof (src/policy/endpoint-proof.ts) as
 * report checks: per endpoint, the calls of each published policy; the AWS-owned resources; the
 * ECR registry policy's grants.
 */
import { AwsOwnedProof, EndpointProof, isWrong, PolicyProof, ProofVerdict } from "../policy/endpoint-proof";
import { Check, Section } from "./report";

const TITLE = "Endpoint policies, judged by an IAM simulator: the components' published calls pass, other accounts' do not";

const describe = (v: ProofVerdict) =>
  `${v.scenario}: ${v.action}${v.resource ? ` on ${v.resource}` : ""} ${v.actual}, must be ${v.expected}`;

function check(name: string, why: string, source: string, verdicts: readonly ProofVerdict[], passed: string): Check {
  const wrong = verdicts.filter(isWrong);
  const reason = wrong.length ? wrong.map(describe).join("; ") : passed;
  return {
    name,
    why,
    source,
    expect: "reachable",
    ok: wrong.length === 0,
    reason,
    steps: [{ stage: "endpoint", ok: wrong.length === 0, reason }],
  };
}

function policyCheck(p: PolicyProof): Check {
  const count = (expected: ProofVerdict["expected"]) => p.verdicts.filter((v) => v.expected === expected).length;
  const unauthorized = p.verdicts.filter((v) => v.actual === "not authorized").length;
  const passed = [
    `${p.address}: ${count("admitted")} admitted for this account`,
    p.written
      ? `${count("refused")} refused for another account's principal or resource`
      : "no policy of its own (AWS's full access): other accounts pass too",
    ...(p.withoutResourceAccount ? [`${p.withoutResourceAccount} carry no aws:ResourceAccount and are fenced by the principal alone`] : []),
    ...(unauthorized ? [`${unauthorized} need no authorization (AWS lets them through whatever the policy)`] : []),
  ].join("; ");
  return check(
    `${p.endpoint}: ${p.calls} call${p.calls === 1 ? "" : "s"} of ${p.policy.name}`,
    p.policy.holder,
    p.policy.source,
    p.verdicts,
    passed,
  );
}

function awsOwnedCheck(p: AwsOwnedProof): Check {
  const { call } = p;
  const refused = p.verdicts.filter((v) => v.expected === "refused").length;
  const passed = `${p.address} admits it; refuses ${refused} look-alike(s) (another account's principal, or a resource AWS does not own)`;
  return check(`${call.endpoint}: ${call.action} on an AWS-owned resource`, call.what, call.source, p.verdicts, passed);
}

/** Notes: the calls whose endpoint the network lacks, and the endpoints no published call uses. */
function proofNotes(proof: EndpointProof): string[] {
  return [
    ...[...proof.outOfScope].map(([service, calls]) => {
      const policies = [...new Set(calls.map((c) => c.policy.name))].join(", ");
      // The hand-off's Helm values turn these off (enableShield, enableWaf, enableWafv2).
      const switchedOff = ["shield", "waf", "waf-regional", "wafv2"].includes(service) ? " (the hand-off turns them off)" : "";
      return `no ${service} endpoint: ${calls.length} call(s) of ${policies} are outside the endpoint-policy proof; without NAT egress they fail if made${switchedOff}`;
    }),
    ...[...new Set(proof.policies.filter((p) => !p.written).map((p) => p.address))].map(
      (address) => `${address} has no endpoint policy: any account's credentials pass it (npm run policy reports it)`,
    ),
    ...proof.unused.map(
      (e) => `the ${e} endpoint: no published policy of the cluster's components calls it, so the proof exercised no call through it`,
    ),
  ];
}

export function endpointPolicySection(proof: EndpointProof | undefined): { section: Section; notes: string[] } {
  if (!proof)
    return { section: { title: TITLE, checks: [], skipped: "the IAM simulator's proof was not run (proveEndpointPolicies)" }, notes: [] };
  const registry = proof.registry;
  const checks = [
    ...proof.policies.map(policyCheck),
    ...proof.awsOwned.map(awsOwnedCheck),
    ...(registry
      ? [
          check(
            `ECR registry policy: ${registry.verdicts.length / 2} grant(s)`,
            "the pull-through cache's first pull (ECR creates the repository and imports the image)",
            "https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-iam.html",
            registry.verdicts,
            `${registry.address}: each grant holds for this account's principals and no other account's`,
          ),
        ]
      : []),
  ];
  return {
    section: { title: TITLE, checks, ...(checks.length === 0 ? { skipped: "no endpoint policy in the stack" } : {}) },
    notes: proofNotes(proof),
  };
}
