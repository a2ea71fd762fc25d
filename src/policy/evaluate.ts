import { privateRouteTables, routes, subnetRouting } from "../synthesized/routes";
import { securityGroupRules } from "../synthesized/security-group-rules";
import { parseStack, resourcesOf, StackJson } from "../synthesized/stack-json";
import { Finding, PolicyOptions, Rule, Subjects, Verdict } from "./finding";
import { policyDocuments } from "./policy-document";
import { CERTIFICATE_RULES } from "./rules/certificates";
import { ENDPOINT_POLICY_RULES } from "./rules/endpoint-policies";
import { IAM_RULES } from "./rules/iam";
import { LOAD_BALANCER_RULES } from "./rules/load-balancers";
import { LOGGING_RULES } from "./rules/logging";
import { NETWORK_RULES } from "./rules/network";
import { SECURITY_GROUP_RULES } from "./rules/security-groups";

/** Every rule the policy check runs. */
export const RULES: readonly Rule[] = [
  ...NETWORK_RULES,
  ...ENDPOINT_POLICY_RULES,
  ...SECURITY_GROUP_RULES,
  ...IAM_RULES,
  ...LOAD_BALANCER_RULES,
  ...CERTIFICATE_RULES,
  ...LOGGING_RULES,
];

export function subjectsOf(stack: StackJson, options: PolicyOptions = {}): Subjects {
  return {
    stack,
    options,
    sgRules: securityGroupRules(stack),
    policies: policyDocuments(stack),
    routes: routes(stack),
    privateRouteTables: privateRouteTables(subnetRouting(stack)),
    natEgress: options.allowNatEgress === true || resourcesOf(stack, "aws_nat_gateway").length > 0,
  };
}

/** Each subject a rule looks at, with the resource address a finding is reported on. */
function verdicts(rule: Rule, s: Subjects): { address: string; verdict: Verdict }[] {
  switch (rule.on) {
    case "sg-rule":
      return s.sgRules.map((r) => ({ address: r.address, verdict: rule.test(r, s) }));
    case "policy":
      return s.policies.map((d) => ({ address: d.address, verdict: rule.test(d, s) }));
    case "route":
      return s.routes.map((r) => ({ address: r.address, verdict: rule.test(r, s) }));
    case "resource":
      return rule.types.flatMap((type) => resourcesOf(s.stack, type)).map((r) => ({ address: r.address, verdict: rule.test(r, s) }));
  }
}

/** Findings of one stack, one per rule and resource (messages of the same pair joined), sorted. */
export function evaluate(json: string | StackJson, options: PolicyOptions = {}, rules: readonly Rule[] = RULES): Finding[] {
  const s = subjectsOf(parseStack(json), options);
  const byKey = new Map<string, Finding>();
  for (const rule of rules) {
    for (const { address, verdict } of verdicts(rule, s)) {
      if (!verdict) continue;
      const key = `${rule.id}\u0000${address}`;
      const seen = byKey.get(key);
      byKey.set(key, { id: rule.id, address, message: seen ? `${seen.message}; ${verdict}` : verdict });
    }
  }
  return [...byKey.values()].sort((a, b) => a.address.localeCompare(b.address) || a.id.localeCompare(b.id));
}
