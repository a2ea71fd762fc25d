/**
 * The proof of the policies the network writes, by a maintained IAM simulator
 * (@cloud-copilot/iam-simulate, with AWS's service authorization data): every call the cluster's
 * components are published to make (src/policy/component-calls.ts) is run through the policy of
 * the endpoint it uses, by this account's principal on this account's resource (must pass), by
 * another account's principal on the same resource (must not), and by this account on another
 * account's resource (must not); the AWS-owned resources the cluster needs
 * (src/eks/aws-owned-calls.ts) must pass, their look-alikes must not; every grant of the ECR
 * registry policy must hold for this account only.
 */
import { anonymousPrincipal, runSimulation, Simulation } from "@cloud-copilot/iam-simulate";
import { parseFullServiceName } from "../aws/endpoint-service-names";
import { partitionOf } from "../aws/partition";
import { AWS_OWNED_CALLS, AwsOwnedCall, AwsOwnedCaller, AWS_SERVICE_ACCOUNT, OTHER_ACCOUNT } from "../eks/aws-owned-calls";
import { PUBLISHED_POLICIES, PublishedPolicy } from "../eks/published-policies";
import { vpcEndpoints } from "../synthesized/endpoints";
import { registryPolicy } from "../synthesized/registry-policy";
import { parseStack, StackJson } from "../synthesized/stack-json";
import { ComponentCall, componentCalls } from "./component-calls";

/** This account, as the proof writes it for the stack's `${…owner_id}` references. */
export const THIS_ACCOUNT = "123456789012";

/** A policy the stack writes, with this account's id in place of its references. */
export interface WrittenPolicy {
  readonly address: string;
  /** Undefined: the endpoint has no policy (AWS's full access). */
  readonly document?: object;
}

/** What the stack writes: endpoint policies by endpoint short name (`s3` the gateway), the registry policy. */
export interface WrittenPolicies {
  readonly region: string;
  readonly endpoints: ReadonlyMap<string, WrittenPolicy>;
  readonly registry?: WrittenPolicy;
}

const ACCOUNT_REFERENCE = /\$\{[^}]*\.(owner_id|account_id)\}/g;

/** The policy text with the account's references resolved; any other reference is a policy the proof cannot read. */
function resolve(address: string, text: unknown): object | undefined {
  if (typeof text !== "string" || text === "") return undefined;
  const resolved = text.replace(ACCOUNT_REFERENCE, THIS_ACCOUNT);
  const left = resolved.match(/\$\{[^}]*\}/);
  if (left)
    throw new Error(
      `${address}'s policy holds ${left[0]}: the endpoint-policy proof reads only the account's id (an owner_id or account_id reference)`,
    );
  return JSON.parse(resolved) as object;
}

/** The policies of a synthesized network stack. */
export function writtenPolicies(network: string | StackJson): WrittenPolicies {
  const stack = parseStack(network);
  const endpoints = vpcEndpoints(stack);
  const registry = registryPolicy(stack);
  return {
    region: regionOf(endpoints.map((e) => e.serviceName)) ?? "",
    endpoints: new Map(endpoints.map((e) => [e.service, { address: e.address, document: resolve(e.address, e.policy) }])),
    registry: registry && { address: registry.address, document: resolve(registry.address, registry.policy) },
  };
}

/** The region of the endpoints' service names. */
function regionOf(serviceNames: readonly string[]): string | undefined {
  return serviceNames.map((n) => parseFullServiceName(n)?.region).find((r) => r !== undefined);
}

/** AWS's policy for an endpoint created without one. */
const FULL_ACCESS = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }] };

type Caller = AwsOwnedCaller | "other account" | "web identity";

interface Request {
  readonly action: string;
  readonly caller: Caller;
  /** ARN, or undefined for an action without a resource. */
  readonly resource?: string;
  readonly resourceAccount: string;
  readonly carriesResourceAccount: boolean;
  readonly context?: Readonly<Record<string, string>>;
}

const PRINCIPAL_ACCOUNT: Readonly<Record<Caller, string | undefined>> = {
  "this account": THIS_ACCOUNT,
  "other account": OTHER_ACCOUNT,
  aws: AWS_SERVICE_ACCOUNT,
  anonymous: undefined,
  "web identity": undefined,
};

/** What a policy did: `not authorized` is a call AWS lets through without asking any policy. */
export type Outcome = "admitted" | "refused" | "not authorized";

/** A stranger who grants his own principal everything: only our policies stand between him and our resources. */
const STRANGERS_OWN_POLICY = {
  name: "stranger",
  policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
};

/**
 * Outcomes already simulated, by request and policies: the same calls are judged through the same
 * documents again and again (a test proves many variants of one network, most endpoints unchanged).
 */
const simulated = new Map<string, Promise<Outcome>>();

function simulate(request: Request, policies: Judged): Promise<Outcome> {
  const key = JSON.stringify([request, policies]);
  let outcome = simulated.get(key);
  if (!outcome) simulated.set(key, (outcome = simulateOnce(request, policies)));
  return outcome;
}

async function simulateOnce(request: Request, policies: Judged): Promise<Outcome> {
  const account = PRINCIPAL_ACCOUNT[request.caller];
  const result = await runSimulation(
    {
      request: {
        principal: account ? `arn:aws:iam::${account}:role/caller` : anonymousPrincipal,
        action: request.action,
        resource: { resource: request.resource ?? "*", accountId: request.resourceAccount },
        contextVariables: {
          ...(account ? { "aws:PrincipalAccount": account } : {}),
          ...(request.carriesResourceAccount ? { "aws:ResourceAccount": request.resourceAccount } : {}),
          ...request.context,
        },
      },
      identityPolicies: request.caller === "other account" ? [STRANGERS_OWN_POLICY] : [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...policies,
    },
    {},
  );
  if (result.resultType === "error") {
    throw new Error(`The IAM simulator refused to judge ${request.action} on ${request.resource ?? "*"}: ${JSON.stringify(result.errors)}`);
  }
  if (result.resultType !== "single") throw new Error(`The IAM simulator ran ${request.action} on several resources: give it one`);
  const analysis = result.result.analysis;
  // No analysis of the endpoint: AWS authorizes the action for everyone (sts:GetCallerIdentity).
  if (policies.vpcEndpointPolicies && !analysis.endpointAnalysis) return analysis.result === "Allowed" ? "not authorized" : "refused";
  const verdict = policies.vpcEndpointPolicies ? analysis.endpointAnalysis?.result : analysis.result;
  return verdict === "Allowed" ? "admitted" : "refused";
}

/** One request and what the policy did with it. */
export interface ProofVerdict {
  readonly scenario: "this account" | "another account's principal" | "another account's resource" | "AWS-owned resource" | "look-alike";
  readonly action: string;
  readonly resource?: string;
  readonly expected: "admitted" | "refused";
  readonly actual: Outcome;
}

/** The calls of one published policy through one endpoint. */
export interface PolicyProof {
  readonly endpoint: string;
  readonly address: string;
  readonly policy: PublishedPolicy;
  /** Whether the endpoint has a policy of its own (none: AWS's full access, only admissions are expected). */
  readonly written: boolean;
  /** How many distinct calls. */
  readonly calls: number;
  /** Calls whose requests carry no aws:ResourceAccount: fenced by their principal alone. */
  readonly withoutResourceAccount: number;
  readonly verdicts: readonly ProofVerdict[];
}

export interface AwsOwnedProof {
  readonly call: AwsOwnedCall;
  readonly address: string;
  readonly verdicts: readonly ProofVerdict[];
}

export interface RegistryProof {
  readonly address: string;
  readonly verdicts: readonly ProofVerdict[];
}

export interface EndpointProof {
  readonly region: string;
  readonly policies: readonly PolicyProof[];
  readonly awsOwned: readonly AwsOwnedProof[];
  readonly registry?: RegistryProof;
  /** Calls whose endpoint the network lacks: service → the calls. */
  readonly outOfScope: ReadonlyMap<string, readonly ComponentCall[]>;
  /** Endpoints no published call goes through: only their fence applies, nothing proves their use. */
  readonly unused: readonly string[];
}

/** A verdict against the expectation; a call AWS does not authorize cannot be refused by any policy, so it is never wrong. */
export const isWrong = (v: ProofVerdict) => v.actual !== "not authorized" && v.expected !== v.actual;

const fill = (template: string, region: string, account: string) =>
  template.replace("${Partition}", partitionOf(region)).replace("${Region}", region).replace("${Account}", account);

/** One request to put to a policy, and what must become of it. */
interface Case {
  readonly scenario: ProofVerdict["scenario"];
  readonly expected: ProofVerdict["expected"];
  readonly request: Request;
}

type Judged = Pick<Simulation, "vpcEndpointPolicies" | "resourcePolicy">;

const judge = (cases: readonly Case[], policies: Judged): Promise<ProofVerdict[]> =>
  Promise.all(
    cases.map(async ({ scenario, expected, request }) => ({
      scenario,
      action: request.action,
      resource: request.resource,
      expected,
      actual: await simulate(request, policies),
    })),
  );

const throughEndpoint = (policy: object): Judged => ({ vpcEndpointPolicies: [{ name: "endpoint", policy }] });

/**
 * The cases of one component call: this account on its resource; where the endpoint has a policy
 * of its own, another account's credentials on the same resource, and this account on another
 * account's resource (unless the request carries no aws:ResourceAccount: then no policy can tell
 * whose resource it is, and the principal fence is all there is).
 */
function callCases(call: ComponentCall, region: string, written: boolean): Case[] {
  const own: Caller = call.policy.unsigned ? "web identity" : "this account";
  const request = (caller: Caller, account: string): Request => ({
    action: call.action,
    caller,
    resource: call.resource && fill(call.resource, region, account),
    resourceAccount: account,
    carriesResourceAccount: call.carriesResourceAccount,
  });
  return [
    { scenario: "this account", expected: "admitted", request: request(own, THIS_ACCOUNT) },
    ...(written && !call.policy.unsigned
      ? [{ scenario: "another account's principal", expected: "refused", request: request("other account", THIS_ACCOUNT) } as const]
      : []),
    ...(written && call.resource && call.carriesResourceAccount
      ? [{ scenario: "another account's resource", expected: "refused", request: request(own, OTHER_ACCOUNT) } as const]
      : []),
  ];
}

/** The cases of a call on an AWS-owned resource: it passes; another account's credentials and look-alike resources do not. */
function awsOwnedCases(call: AwsOwnedCall, region: string): Case[] {
  const request = (caller: Caller, { arn, account }: { arn: string; account: string }, context = call.context): Request => ({
    action: call.action,
    caller,
    resource: arn,
    resourceAccount: account,
    carriesResourceAccount: true,
    context,
  });
  const owned = call.resource(region);
  return [
    { scenario: "AWS-owned resource", expected: "admitted", request: request(call.caller, owned) },
    ...(call.caller === "this account"
      ? [{ scenario: "another account's principal", expected: "refused", request: request("other account", owned) } as const]
      : []),
    ...(call.lookalike
      ? [
          {
            scenario: "look-alike",
            expected: "refused",
            request: request(call.caller, call.lookalike.resource(region), call.lookalike.context),
          } as const,
        ]
      : []),
  ];
}

const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Every grant of the registry policy (a resource policy): this account's principal gets it, another account's does not. */
function registryCases(policy: object, region: string): Case[] {
  const statements = asList((policy as { Statement?: unknown }).Statement) as Record<string, unknown>[];
  return statements
    .filter((s) => s.Effect === "Allow")
    .flatMap((s) =>
      asList(s.Action).flatMap((action) =>
        asList(s.Resource).flatMap((pattern) => {
          const resource = fill(String(pattern).replace(/\*/g, "example"), region, THIS_ACCOUNT);
          const request = (caller: Caller): Request => ({
            action: String(action),
            caller,
            resource,
            resourceAccount: THIS_ACCOUNT,
            carriesResourceAccount: true,
          });
          return [
            { scenario: "this account", expected: "admitted", request: request("this account") },
            { scenario: "another account's principal", expected: "refused", request: request("other account") },
          ] as const;
        }),
      ),
    );
}

/** Runs the proof over a synthesized network stack. */
export async function proveEndpointPolicies(
  network: string | StackJson,
  published: readonly PublishedPolicy[] = PUBLISHED_POLICIES,
): Promise<EndpointProof> {
  const written = writtenPolicies(network);
  const { region } = written;
  const calls = await componentCalls(published);
  const outOfScope = new Map<string, ComponentCall[]>();
  const byPolicy = new Map<string, { endpoint: string; policy: PublishedPolicy; calls: ComponentCall[] }>();
  for (const call of calls) {
    for (const endpoint of call.endpoints) {
      if (!written.endpoints.has(endpoint)) {
        outOfScope.set(endpoint, [...(outOfScope.get(endpoint) ?? []), call]);
        continue;
      }
      const key = `${endpoint}\u0000${call.policy.name}`;
      const entry = byPolicy.get(key) ?? { endpoint, policy: call.policy, calls: [] };
      entry.calls.push(call);
      byPolicy.set(key, entry);
    }
  }
  const policies = await Promise.all(
    [...byPolicy.values()].map(async ({ endpoint, policy, calls: its }): Promise<PolicyProof> => {
      const w = written.endpoints.get(endpoint)!;
      const verdicts = await judge(
        its.flatMap((c) => callCases(c, region, w.document !== undefined)),
        throughEndpoint(w.document ?? FULL_ACCESS),
      );
      return {
        endpoint,
        address: w.address,
        policy,
        written: w.document !== undefined,
        calls: its.length,
        withoutResourceAccount: its.filter((c) => c.resource && !c.carriesResourceAccount).length,
        verdicts,
      };
    }),
  );
  const awsOwned = await Promise.all(
    AWS_OWNED_CALLS.filter((c) => written.endpoints.get(c.endpoint)?.document).map(async (call) => {
      const w = written.endpoints.get(call.endpoint)!;
      return { call, address: w.address, verdicts: await judge(awsOwnedCases(call, region), throughEndpoint(w.document!)) };
    }),
  );
  const registry = written.registry?.document && {
    address: written.registry.address,
    verdicts: await judge(registryCases(written.registry.document, region), { resourcePolicy: written.registry.document }),
  };
  const used = new Set(policies.map((p) => p.endpoint));
  return {
    region,
    policies,
    awsOwned,
    registry,
    outOfScope,
    unused: [...written.endpoints.keys()].filter((e) => !used.has(e)).sort(),
  };
}
