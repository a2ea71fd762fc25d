import { Rule, Verdict } from "../finding";
import {
  allowsAny,
  canWrite,
  CREDENTIALS_EXPOSURE,
  DATA_EXFILTRATION,
  isEveryAction,
  isRestrictable,
  isServiceWildcard,
  PERMISSIONS_MANAGEMENT,
  PRIVILEGE_ESCALATION,
} from "../iam-actions";
import { allows, onEveryResource, PolicyDocument, PolicyKind } from "../policy-document";

/** A rule over the Allow statements of one kind of policy; `fails` returns the offending actions. */
function statementRule(id: string, title: string, kind: PolicyKind, fails: (doc: PolicyDocument) => string[]): Rule {
  return {
    id,
    title,
    on: "policy",
    test: (doc): Verdict => {
      if (doc.kind !== kind) return undefined;
      const bad = [...new Set(fails(doc))];
      return bad.length > 0 && `${doc.attribute} allows ${bad.join(", ")}`;
    },
  };
}

/** Actions of Allow statements, on every resource or on any. */
const actionsOf = (doc: PolicyDocument, everyResourceOnly: boolean) =>
  allows(doc)
    .filter((s) => !everyResourceOnly || onEveryResource(s))
    .flatMap((s) => s.actions);
const onStar = (doc: PolicyDocument) => actionsOf(doc, true);
const matching = (actions: string[], targets: readonly string[]) => actions.filter((a) => allowsAny([a], targets)).map((a) => `${a} on *`);

/** Managed policies a role must not carry (CKV_AWS_274, CKV2_AWS_56). */
const FORBIDDEN_MANAGED: readonly [string, string][] = [
  ["CKV_AWS_274", "AdministratorAccess"],
  ["CKV2_AWS_56", "IAMFullAccess"],
];
const ATTACHMENT_TYPES = [
  "aws_iam_role_policy_attachment",
  "aws_iam_policy_attachment",
  "aws_iam_user_policy_attachment",
  "aws_iam_group_policy_attachment",
];

/** Condition keys that tie a service's use of a role to this account or resource (confused deputy). */
const SOURCE_KEYS = ["aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid"];
const ACCOUNT_PRINCIPAL = /^(\d{12}|arn:aws[a-z-]*:iam::\d{12}:root)$/;

export const IAM_RULES: readonly Rule[] = [
  {
    id: "MLOPS_IAM_2",
    title: "Every IAM and endpoint policy can be read (a policy that cannot be judged does not pass)",
    on: "policy",
    test: (doc) => doc.unreadable !== undefined && `${doc.attribute} cannot be read: ${doc.unreadable}`,
  },
  {
    id: "CKV_AWS_60",
    title: "Roles can be assumed only by specific services or principals",
    on: "policy",
    test: (doc) =>
      doc.kind === "trust" &&
      allows(doc).some((s) => (s.principals["*"] ?? s.principals.AWS ?? []).includes("*")) &&
      `${doc.attribute} lets any principal assume the role`,
  },
  {
    id: "CKV_AWS_61",
    title: "Roles are not assumable by a whole account",
    on: "policy",
    test: (doc) =>
      doc.kind === "trust" &&
      allows(doc).some((s) => (s.principals.AWS ?? []).some((p) => ACCOUNT_PRINCIPAL.test(p))) &&
      `${doc.attribute} lets every principal of an account assume the role`,
  },
  {
    id: "MLOPS_IAM_1",
    title: "Roles assumed by an AWS service require aws:SourceAccount or aws:SourceArn (confused deputy)",
    on: "policy",
    test: (doc) =>
      doc.kind === "trust" &&
      allows(doc).some((s) => s.principals.Service && !s.conditionKeys.some((k) => SOURCE_KEYS.includes(k))) &&
      `${doc.attribute} lets ${allows(doc)
        .flatMap((s) => s.principals.Service ?? [])
        .join(", ")} assume the role for any account`,
  },
  ...FORBIDDEN_MANAGED.map(([id, name]): Rule => ({
    id,
    title: `The AWS managed ${name} policy is not attached`,
    on: "resource",
    types: ["aws_iam_role", ...ATTACHMENT_TYPES],
    test: (r) =>
      [r.body.policy_arn, ...(r.body.managed_policy_arns ?? [])].some(
        (arn) => typeof arn === "string" && arn.endsWith(`:policy/${name}`),
      ) && `attaches ${name}`,
  })),
  statementRule("CKV_AWS_62 / IAM.1", 'No policy allows "*" on "*" (full administrator)', "identity", (doc) =>
    onStar(doc).filter(isEveryAction),
  ),
  statementRule("CKV_AWS_63", 'No policy allows the action "*"', "identity", (doc) => actionsOf(doc, false).filter(isEveryAction)),
  statementRule("CKV2_AWS_40", "No policy allows full IAM access", "identity", (doc) =>
    actionsOf(doc, false).filter((a) => isEveryAction(a) || a.toLowerCase() === "iam:*"),
  ),
  statementRule("IAM.21", "No policy allows every action of a service (service:*)", "identity", (doc) =>
    actionsOf(doc, false).filter(isServiceWildcard),
  ),
  statementRule("CKV_AWS_355", 'No policy allows restrictable actions on "*"', "identity", (doc) =>
    onStar(doc)
      .filter(isRestrictable)
      .map((a) => `${a} on *`),
  ),
  statementRule("CKV_AWS_290", 'No policy allows write actions on "*"', "identity", (doc) =>
    onStar(doc)
      .filter((a) => canWrite(a) && isRestrictable(a))
      .map((a) => `${a} on *`),
  ),
  statementRule("CKV_AWS_289", 'No policy allows permissions management on "*"', "identity", (doc) =>
    matching(onStar(doc), PERMISSIONS_MANAGEMENT),
  ),
  statementRule("CKV_AWS_287", 'No policy allows actions that expose credentials on "*"', "identity", (doc) =>
    matching(onStar(doc), CREDENTIALS_EXPOSURE),
  ),
  statementRule("CKV_AWS_288", 'No policy allows data exfiltration actions on "*"', "identity", (doc) =>
    matching(onStar(doc), DATA_EXFILTRATION),
  ),
  statementRule("CKV_AWS_286", "No policy allows a known privilege escalation path", "identity", (doc) => {
    const allowed = actionsOf(doc, false);
    return PRIVILEGE_ESCALATION.filter((path) => path.every((a) => allowsAny(allowed, [a]))).map((path) => path.join(" + "));
  }),
];
