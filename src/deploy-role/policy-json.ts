import { SIGNING_NAME_TO_IAM_PREFIX } from "./recorded-requests";

export interface PolicyJsonStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  /** Trust policies only. */
  readonly Principal?: Record<string, string>;
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyJson {
  readonly Version: "2012-10-17";
  readonly Statement: PolicyJsonStatement[];
}

/** Every action a policy allows, each once, sorted. */
export function allowedActions(policy: PolicyJson): string[] {
  const actions = policy.Statement.filter((s) => s.Effect === "Allow").flatMap((s) => [s.Action].flat());
  return [...new Set(actions)].sort();
}

/**
 * The policy as moto can enforce it: its actions on Resource "*", without conditions. moto checks
 * every request of a service other than S3 against the resource "*" (moto/core/responses.py:
 * call_action), so an ARN-scoped statement would never match, and it evaluates a condition against
 * no request values, so a statement with one would deny (moto/iam/access_control.py:
 * IAMPolicyStatement._check_conditions). It names each action by the request's signing name
 * (IAMRequestBase: `<credential scope service>:<operation>`), so CloudWatch's are `monitoring:*`.
 */
export function emulatorPolicy(policy: PolicyJson): PolicyJson {
  const toSigning = Object.fromEntries(Object.entries(SIGNING_NAME_TO_IAM_PREFIX).map(([signing, prefix]) => [prefix, signing]));
  const actions = allowedActions(policy).map((a) => {
    const [prefix, name] = a.split(":");
    return `${toSigning[prefix] ?? prefix}:${name}`;
  });
  return { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] };
}
