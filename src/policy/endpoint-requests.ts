import { parseFullServiceName } from "../aws/endpoint-service-names";
import { callsThrough, EndpointCall, OTHER_ACCOUNT } from "../eks/endpoint-calls";
import { AddressedResource, parseReference, reference, shortServiceName } from "../synthesized/stack-json";
import { globRegExp } from "./glob";
import { Statement } from "./policy-document";

/**
 * A small evaluator of endpoint policies for the requests the cluster makes (and the ones it must
 * not): does any Allow statement admit the request, and no Deny refuse it? It knows the principal
 * and resource account keys, the String/Arn/Bool operators and their IfExists forms; a condition on
 * any other key is unmet (the request lacks it). A request that names no resource carries no
 * resource account: the stricter reading of AWS's request context, so a policy that relies on
 * either reading passes only with an explicit statement.
 */
export interface EndpointRequest {
  readonly action: string;
  /** The resource ARN; absent for actions that name none (IAM `Resource: "*"`). */
  readonly resource?: string;
  /** The signing principal's account; absent for an unsigned call (AssumeRoleWithWebIdentity). */
  readonly principalAccount?: string;
}

// IAM matches actions without case, and resources and condition values (StringLike, ArnLike) with it.
const actionGlob = (pattern: string) => globRegExp(pattern, { ignoreCase: true });
const glob = (pattern: string) => globRegExp(pattern);

/** The account field of an ARN, when it is one (12 digits or a reference). */
function arnAccount(resource: string | undefined): string | undefined {
  const account = resource?.split(":")[4];
  return account && account !== "aws" ? account : undefined;
}

function context(r: EndpointRequest): Record<string, string | undefined> {
  return {
    "aws:principalaccount": r.principalAccount,
    "aws:resourceaccount": r.resource ? arnAccount(r.resource) : undefined,
    "aws:principalisawsservice": r.principalAccount ? "false" : undefined,
  };
}

function conditionHolds(operator: string, actual: string | undefined, values: readonly string[]): boolean {
  const base = operator.replace(/^For(Any|All)Values:/, "");
  const ifExists = base.endsWith("IfExists");
  const op = base.replace(/IfExists$/, "");
  if (actual === undefined) return ifExists;
  switch (op) {
    case "StringEquals":
    case "ArnEquals":
      return values.includes(actual);
    case "StringEqualsIgnoreCase":
      return values.some((v) => v.toLowerCase() === actual.toLowerCase());
    case "StringLike":
    case "ArnLike":
      return values.some((v) => glob(v).test(actual));
    case "StringNotEquals":
    case "ArnNotEquals":
      return !values.includes(actual);
    case "StringNotLike":
    case "ArnNotLike":
      return !values.some((v) => glob(v).test(actual));
    case "Bool":
      return values.some((v) => v.toLowerCase() === actual);
    default:
      return false;
  }
}

function matches(s: Statement, r: EndpointRequest): boolean {
  const principals = Object.entries(s.principals).flatMap(([type, ids]) => ids.map((id) => ({ type, id })));
  const principalOk = principals.some(
    (p) =>
      p.id === "*" ||
      (p.type === "AWS" &&
        r.principalAccount !== undefined &&
        (p.id === r.principalAccount || p.id.endsWith(`::${r.principalAccount}:root`))),
  );
  const actionOk = s.actions.some((a) => actionGlob(a).test(r.action));
  const resourceOk = r.resource === undefined ? s.resources.includes("*") : s.resources.some((p) => glob(p).test(r.resource!));
  const ctx = context(r);
  return principalOk && actionOk && resourceOk && s.conditions.every((c) => conditionHolds(c.operator, ctx[c.key], c.values));
}

/** Whether the statements let the request through the endpoint. */
export function admits(statements: readonly Statement[], r: EndpointRequest): boolean {
  if (statements.some((s) => s.effect === "Deny" && matches(s, r))) return false;
  return statements.some((s) => s.effect === "Allow" && matches(s, r));
}

/** The region of `com.amazonaws.<region>.<service>` (or `cn.com.amazonaws.…`), or undefined for another form. */
export function serviceRegion(serviceName: unknown): string | undefined {
  return typeof serviceName === "string" ? parseFullServiceName(serviceName)?.region : undefined;
}

/** This account as the stack writes it in the endpoint's policy: the owner_id of the endpoint's VPC. */
export function endpointAccount(endpoint: AddressedResource): string | undefined {
  const vpc = parseReference(endpoint.body.vpc_id);
  return vpc ? reference(vpc.address, "owner_id") : undefined;
}

export interface CallVerdict {
  readonly call: EndpointCall;
  readonly admitted: boolean;
  /** Whether the policy does what the call expects. */
  readonly ok: boolean;
}

/** Each of the cluster's calls through this interface endpoint, judged by its policy (none: AWS's full access). */
export function endpointCallVerdicts(endpoint: AddressedResource, statements: readonly Statement[] | "full access"): CallVerdict[] {
  const region = serviceRegion(endpoint.body.service_name);
  const account = endpointAccount(endpoint);
  if (!region || !account) return [];
  const c = { region, account };
  return callsThrough(shortServiceName(String(endpoint.body.service_name))).map((call) => {
    const request: EndpointRequest = {
      action: call.action,
      resource: call.resource?.(c),
      principalAccount: call.principal === "this account" ? account : call.principal === "other account" ? OTHER_ACCOUNT : undefined,
    };
    const admitted = statements === "full access" || admits(statements, request);
    return { call, admitted, ok: admitted === (call.expect === "admitted") };
  });
}
