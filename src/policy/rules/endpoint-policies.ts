import { resourceAt } from "../../synthesized/stack-json";
import { endpointCallVerdicts } from "../endpoint-requests";
import { Rule } from "../finding";
import { allows, Statement } from "../policy-document";

/** Condition keys that tie a statement to the caller's account or organization. */
const PRINCIPAL_OWNER_KEYS = ["aws:principalaccount", "aws:principalorgid"];

/** A role ARN with a named account, `arn:<partition>:iam::<account>:role/…`. */
const NAMED_ACCOUNT_ROLE = /^arn:[a-z-]+:iam::[^:*]+:role\//;

/**
 * Whether the statement admits only callers of named accounts: a StringEquals on the principal's
 * account or organization, or named account principals; or it is the web-identity exchange (IRSA,
 * which has no principal yet) limited to roles of a named account.
 */
function fenced(s: Statement): boolean {
  const byCondition = s.conditions.some(
    (c) => c.operator === "StringEquals" && PRINCIPAL_OWNER_KEYS.includes(c.key) && c.values.length > 0 && c.values.every((v) => v !== ""),
  );
  const principals = Object.entries(s.principals);
  const byPrincipal = principals.length > 0 && principals.every(([type, ids]) => type === "AWS" && !ids.includes("*"));
  const webIdentity =
    s.actions.length > 0 &&
    s.actions.every((a) => a.toLowerCase() === "sts:assumerolewithwebidentity") &&
    s.resources.length > 0 &&
    s.resources.every((r) => NAMED_ACCOUNT_ROLE.test(r));
  return byCondition || byPrincipal || webIdentity;
}

const isInterface = (type: unknown) => type === "Interface";

export const ENDPOINT_POLICY_RULES: readonly Rule[] = [
  {
    id: "MLOPS_VPCE_3",
    title: "Interface endpoint policies admit only principals of named accounts (data perimeter)",
    on: "policy",
    test: (doc, { stack }) => {
      if (doc.kind !== "endpoint" || !isInterface(resourceAt(stack, doc.address)?.body.vpc_endpoint_type)) return undefined;
      const open = allows(doc).filter((s) => !fenced(s));
      return (
        open.length > 0 &&
        `${open.length} Allow statement(s) admit credentials of any account (no StringEquals on aws:PrincipalAccount or aws:PrincipalOrgID): ${open
          .map((s) => s.actions.join(", "))
          .join("; ")}`
      );
    },
  },
  {
    id: "MLOPS_VPCE_4",
    title: "Interface endpoint policies admit the cluster's calls (IRSA, add-on images, CNI, controller) and refuse other accounts'",
    on: "resource",
    types: ["aws_vpc_endpoint"],
    test: (endpoint, { policies }) => {
      if (!isInterface(endpoint.body.vpc_endpoint_type)) return undefined;
      const doc = policies.find((p) => p.address === endpoint.address && p.attribute === "policy");
      // No policy is MLOPS_VPCE_1's finding, an unreadable one MLOPS_IAM_2's.
      if (!doc?.statements) return undefined;
      const wrong = endpointCallVerdicts(endpoint, doc.statements).filter((v) => !v.ok);
      return (
        wrong.length > 0 &&
        wrong
          .map(
            (v) =>
              `${v.admitted ? "admits" : "refuses"} ${v.call.action} (${v.call.what}), which it must ${v.call.expect === "admitted" ? "admit" : "refuse"}`,
          )
          .join("; ")
      );
    },
  },
];
