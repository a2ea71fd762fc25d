import { AddressedResource, asList as list, blockList, StackJson, allResources } from "../synthesized/stack-json";
import { HclError, parseJsonencodeCall } from "./hcl-expression";

/** Who a policy speaks for: an identity policy, a role's trust policy, or a VPC endpoint policy. */
export type PolicyKind = "identity" | "trust" | "endpoint";

export interface Statement {
  readonly effect: "Allow" | "Deny";
  /** Actions allowed; `NotAction` counts as `*` (it allows everything else). */
  readonly actions: readonly string[];
  /** Resources; `NotResource` counts as `*`. */
  readonly resources: readonly string[];
  /** Principals by type (`AWS`, `Service`, …); `"*"` as `{ "*": ["*"] }`. */
  readonly principals: Readonly<Record<string, readonly string[]>>;
  /** Condition keys, lower-cased (e.g. `aws:sourceaccount`), whatever the operator. */
  readonly conditionKeys: readonly string[];
  /** The conditions, one per operator and key: `StringEquals`, `aws:resourceaccount` (lower-cased), and the values as strings. */
  readonly conditions: readonly Condition[];
}

export interface Condition {
  /** As written, e.g. `StringEquals`, `ArnLike`, `ForAnyValue:StringLike`. */
  readonly operator: string;
  /** Lower-cased, e.g. `aws:resourceaccount`. */
  readonly key: string;
  readonly values: readonly string[];
}

/** A policy attribute of a resource, parsed into statements, or the reason it could not be. */
export interface PolicyDocument {
  readonly address: string;
  /** Where in the resource, e.g. `policy`, `assume_role_policy`, `inline_policy[0].policy`. */
  readonly attribute: string;
  readonly kind: PolicyKind;
  readonly statements?: readonly Statement[];
  readonly unreadable?: string;
}

/** Resource types and their policy attributes. */
const POLICY_ATTRIBUTES: readonly { types: readonly string[]; attribute: string; kind: PolicyKind }[] = [
  {
    types: ["aws_iam_role_policy", "aws_iam_policy", "aws_iam_user_policy", "aws_iam_group_policy"],
    attribute: "policy",
    kind: "identity",
  },
  { types: ["aws_iam_role"], attribute: "assume_role_policy", kind: "trust" },
  { types: ["aws_vpc_endpoint", "aws_vpc_endpoint_policy"], attribute: "policy", kind: "endpoint" },
];

const strings = (v: unknown): string[] => list(v).map((x) => (typeof x === "string" ? x : JSON.stringify(x)));

/**
 * A policy as synthesized: an object, a JSON string, or `${jsonencode({…})}` as cdktf's Fn.jsonencode
 * writes it. Throws with the reason when it is none of these (a reference to a policy elsewhere, a
 * function call, a typo): such a policy cannot be judged, and must not pass for that.
 */
export function policyObject(value: unknown): Record<string, unknown> {
  if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  if (typeof value !== "string") throw new Error(`not a policy document: ${JSON.stringify(value)}`);
  const text = value.trim();
  const expression = /^\$\{(.*)\}$/s.exec(text);
  let parsed: unknown;
  if (expression) {
    if (!/^\s*jsonencode\s*\(/.test(expression[1])) throw new Error(`a Terraform expression, not a policy: ${text.slice(0, 80)}`);
    try {
      parsed = parseJsonencodeCall(expression[1]);
    } catch (e) {
      throw new Error(`jsonencode(…) with ${e instanceof HclError ? e.message : String(e)}`, { cause: e });
    }
  } else {
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`neither JSON nor jsonencode(…): ${text.slice(0, 80)}`);
    }
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("the policy is not an object");
  return parsed as Record<string, unknown>;
}

function principals(p: unknown): Record<string, string[]> {
  if (p === undefined) return {};
  if (p === "*") return { "*": ["*"] };
  if (typeof p !== "object" || p === null) throw new Error(`unreadable Principal ${JSON.stringify(p)}`);
  return Object.fromEntries(Object.entries(p).map(([type, v]) => [type, strings(v)]));
}

function statement(raw: unknown): Statement {
  if (!raw || typeof raw !== "object") throw new Error("a statement is not an object");
  const s = raw as Record<string, unknown>;
  const effect = s.Effect ?? "Allow";
  if (effect !== "Allow" && effect !== "Deny") throw new Error(`unreadable Effect ${JSON.stringify(effect)}`);
  const condition = (s.Condition ?? {}) as Record<string, unknown>;
  const conditions = Object.entries(condition).flatMap(([operator, keys]) =>
    keys && typeof keys === "object"
      ? Object.entries(keys).map(([key, values]) => ({ operator, key: key.toLowerCase(), values: strings(values) }))
      : [],
  );
  return {
    effect,
    actions: s.NotAction !== undefined ? ["*"] : strings(s.Action),
    resources: s.NotResource !== undefined ? ["*"] : strings(s.Resource),
    principals: principals(s.NotPrincipal !== undefined ? "*" : s.Principal),
    conditionKeys: conditions.map((c) => c.key),
    conditions,
  };
}

/** Statements of a policy value; throws with the reason when it cannot be read. */
export function statementsOf(value: unknown): Statement[] {
  const doc = policyObject(value);
  if (doc.Statement === undefined) throw new Error("the policy has no Statement");
  return list(doc.Statement).map(statement);
}

function document(r: AddressedResource, attribute: string, kind: PolicyKind, value: unknown): PolicyDocument {
  try {
    return { address: r.address, attribute, kind, statements: statementsOf(value) };
  } catch (e) {
    return { address: r.address, attribute, kind, unreadable: e instanceof Error ? e.message : String(e) };
  }
}

/** Every policy document of the stack; an absent attribute is no document (the rules decide what absence means). */
export function policyDocuments(stack: StackJson): PolicyDocument[] {
  return allResources(stack).flatMap((r) => [
    ...POLICY_ATTRIBUTES.filter((p) => p.types.includes(r.type) && r.body[p.attribute] !== undefined).map((p) =>
      document(r, p.attribute, p.kind, r.body[p.attribute]),
    ),
    ...(r.type === "aws_iam_role" ? blockList(r.body.inline_policy) : [])
      .filter((b) => b.policy !== undefined)
      .map((b, i) => document(r, `inline_policy[${i}].policy`, "identity", b.policy)),
  ]);
}

/** Allow statements of a document (none when it could not be read). */
export const allows = (doc: PolicyDocument) => (doc.statements ?? []).filter((s) => s.effect === "Allow");

/** Whether the statement applies to every resource. */
export const onEveryResource = (s: Statement) => s.resources.includes("*");
