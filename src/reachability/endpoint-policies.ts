/**
 * The endpoint-policy link of the chain: a packet that reaches an interface endpoint still needs
 * the endpoint's policy to admit the call. Each call of src/eks/endpoint-calls.ts through each
 * interface endpoint of the stack, judged by that endpoint's policy.
 */
import { endpointCallVerdicts } from "../policy/endpoint-requests";
import { policyDocuments } from "../policy/policy-document";
import { parseStack, resourcesOf, shortServiceName, StackJson } from "../synthesized/stack-json";
import { Check, Section } from "./report";

export function endpointPolicySection(network: string | StackJson): { section: Section; notes: string[] } {
  const stack = parseStack(network);
  const policies = policyDocuments(stack);
  const notes: string[] = [];
  const checks = resourcesOf(stack, "aws_vpc_endpoint")
    .filter((e) => e.body.vpc_endpoint_type === "Interface")
    .flatMap((endpoint): Check[] => {
      const service = shortServiceName(String(endpoint.body.service_name));
      const doc = policies.find((p) => p.address === endpoint.address && p.attribute === "policy");
      if (!doc) notes.push(`${endpoint.address} has no endpoint policy: any account's credentials pass it (npm run policy reports it)`);
      return endpointCallVerdicts(endpoint, doc?.statements ?? "full access")
        .filter((v) => doc || v.call.expect === "admitted")
        .map((v) => {
          const reason = doc
            ? `${doc.statements ? "" : "the unreadable "}policy of ${endpoint.address} ${v.admitted ? "admits" : "refuses"} ${v.call.action}${v.call.resource ? "" : " (no resource)"}`
            : `${endpoint.address} has no policy: AWS's full access admits it`;
          return {
            name: `${v.call.principal} → ${service}: ${v.call.action}`,
            why: v.call.what,
            source: v.call.source,
            expect: v.call.expect === "admitted" ? "reachable" : "blocked",
            ok: v.ok,
            reason,
            steps: [{ stage: "endpoint", ok: v.admitted, reason }],
          };
        });
    });
  return {
    section: {
      title: "Endpoint policies: the cluster's calls pass, other accounts' do not",
      checks,
      ...(checks.length === 0 ? { skipped: "no interface endpoint in the stack" } : {}),
    },
    notes,
  };
}
