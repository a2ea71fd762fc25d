/**
 * moto's recorder writes one JSON line per request (moto/moto_api/_internal/recorder/models.py:
 * headers, method, url, body, body_encoded). Each request of the deployer is read back as the IAM
 * action it needs: `<IAM prefix>:<operation>`, the operation named the way the protocol names it.
 */
export interface RecordedRequest {
  readonly headers: Record<string, string>;
  readonly method: string;
  readonly url: string;
  readonly body?: string | null;
  readonly body_encoded?: boolean;
}

/**
 * Services whose SigV4 signing name is not their IAM prefix (botocore's service models:
 * cloudwatch's endpointPrefix and signing name is "monitoring"; its actions are "cloudwatch:*" in
 * the Service Authorization Reference). moto builds the action from the signing name, so the
 * rehearsal's policy spells these the signing way (see emulatorPolicy).
 */
export const SIGNING_NAME_TO_IAM_PREFIX: Readonly<Record<string, string>> = { monitoring: "cloudwatch" };

/**
 * REST operations by method and path (botocore's route53 2013-04-01 model, requestUri of each
 * operation): only those Terraform's aws_route53_record calls. Query and JSON protocols name the
 * operation in the request itself.
 */
const REST_OPERATIONS: readonly { service: string; method: string; path: RegExp; operation: string }[] = [
  { service: "route53", method: "POST", path: /^\/2013-04-01\/hostedzone\/[^/]+\/rrset\/?$/, operation: "ChangeResourceRecordSets" },
  { service: "route53", method: "GET", path: /^\/2013-04-01\/hostedzone\/[^/]+\/rrset\/?$/, operation: "ListResourceRecordSets" },
  { service: "route53", method: "GET", path: /^\/2013-04-01\/hostedzone\/[^/]+\/?$/, operation: "GetHostedZone" },
  { service: "route53", method: "GET", path: /^\/2013-04-01\/change\/[^/]+\/?$/, operation: "GetChange" },
  { service: "route53", method: "GET", path: /^\/2013-04-01\/hostedzone\/?$/, operation: "ListHostedZones" },
  { service: "route53", method: "GET", path: /^\/2013-04-01\/hostedzonesbyname\/?$/, operation: "ListHostedZonesByName" },
  { service: "route53", method: "GET", path: /^\/2013-04-01\/tags\/hostedzone\/[^/]+\/?$/, operation: "ListTagsForResource" },
];

/** `Credential=<key id>/<date>/<region>/<service>/aws4_request` of the Authorization header, or undefined for an unsigned request. */
export function credentialScope(headers: Record<string, string>): { keyId: string; region: string; service: string } | undefined {
  const authorization = Object.entries(headers).find(([k]) => k.toLowerCase() === "authorization")?.[1];
  const m = /Credential=([^/]+)\/[^/]+\/([^/]+)\/([^/]+)\/aws4_request/.exec(authorization ?? "");
  return m ? { keyId: m[1], region: m[2], service: m[3] } : undefined;
}

/** The operation a request calls: `Action=` (query protocol), `X-Amz-Target` (JSON), or its REST route. */
export function operationOf(request: RecordedRequest, service: string): string {
  const target = Object.entries(request.headers).find(([k]) => k.toLowerCase() === "x-amz-target")?.[1];
  if (target) return target.split(".").pop()!;
  const url = new URL(request.url);
  const body = request.body ? (request.body_encoded ? Buffer.from(request.body, "base64").toString("utf8") : request.body) : "";
  const action = url.searchParams.get("Action") ?? new URLSearchParams(body).get("Action");
  if (action) return action;
  const route = REST_OPERATIONS.find((r) => r.service === service && r.method === request.method && r.path.test(url.pathname));
  if (route) return route.operation;
  throw new Error(
    `a ${service} request ${request.method} ${url.pathname} names no operation this reader knows: add its route (botocore's model of ${service}) to REST_OPERATIONS in src/deploy-role/recorded-requests.ts`,
  );
}

/** The IAM actions of the requests signed with `keyId`, sorted, each once. */
export function recordedActions(jsonLines: string, keyId: string): string[] {
  const actions = new Set<string>();
  for (const line of jsonLines.split("\n").filter((l) => l.trim())) {
    const request = JSON.parse(line) as RecordedRequest;
    const scope = credentialScope(request.headers);
    if (scope?.keyId !== keyId) continue;
    const prefix = SIGNING_NAME_TO_IAM_PREFIX[scope.service] ?? scope.service;
    actions.add(`${prefix}:${operationOf(request, scope.service)}`);
  }
  return [...actions].sort();
}
