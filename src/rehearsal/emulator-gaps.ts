/**
 * What moto (5.2) does differently from AWS, in the places the rehearsal and `npm run verify` meet
 * it. Each entry names the behaviour and where moto's source shows it; nothing else is excused, and
 * an excused check is reported as skipped with this reason, never as passed.
 */
export interface EmulatorGap {
  readonly behaviour: string;
  readonly source: string;
}

/** A planned change to one resource, as `terraform show -json` writes it. */
export interface PlannedChange {
  readonly address: string;
  readonly type: string;
  readonly change: {
    readonly actions: string[];
    readonly before?: Record<string, unknown> | null;
    readonly after?: Record<string, unknown> | null;
  };
}

const RULE_DESCRIPTION: EmulatorGap = {
  behaviour:
    "moto keeps no description on a security group rule whose peer is a security group or a prefix list, so the plan after apply adds it again (and applying that fails: moto's ModifySecurityGroupRules refuses rules of protocol -1)",
  source: "moto/ec2/models/security_groups.py: SecurityGroupRule.description reads the CIDR range's Description only",
};

const ALB_SCHEME: EmulatorGap = {
  behaviour:
    "moto stores no Scheme when CreateLoadBalancer omits it (AWS then makes it internet-facing, and the AWS provider omits it for internal = false)",
  source: 'moto/elbv2/responses.py: create_load_balancer passes params.get("Scheme") through, None included',
};

/**
 * The rehearsal turns the cache off (MLOPS_ECR_PULL_THROUGH_CACHE=false) and says so as a skip: the
 * rule, its registry policy and the ecr_public_cache_prefix output are not rehearsed.
 */
export const PULL_THROUGH_CACHE: EmulatorGap = {
  behaviour:
    "moto does not implement CreatePullThroughCacheRule (it answers 500), so the ECR Public pull-through cache rule, its registry policy and the ecr_public_cache_prefix output are rehearsed off (MLOPS_ECR_PULL_THROUGH_CACHE=false), and the EKS hand-off is given the controller image repository the cache would serve",
  source: "moto/ecr/responses.py: no create_pull_through_cache_rule",
};

/**
 * The shared-account rehearsal keeps the cache on, so that the registry policy is rehearsed, and
 * takes out of the synthesized stacks only what moto cannot answer: the owner's rule and the other
 * environment's read of it.
 */
export const SHARED_CACHE_RULE: EmulatorGap = {
  behaviour:
    "moto implements neither CreatePullThroughCacheRule nor DescribePullThroughCacheRules, so the owner's cache rule and the other environment's read of it are taken out of the synthesized stacks before the apply; the registry policy, which moto keeps (PutRegistryPolicy, GetRegistryPolicy, DeleteRegistryPolicy), is rehearsed",
  source:
    "moto/ecr/responses.py: no create_pull_through_cache_rule, no describe_pull_through_cache_rules; put_registry_policy, get_registry_policy, delete_registry_policy",
};

/** The actions moto's PutRegistryPolicy accepts: those of replication, which registry policies were first for. */
const MOTO_REGISTRY_POLICY_ACTIONS = ["ecr:CreateRepository", "ecr:ReplicateImage"];

export const REGISTRY_POLICY_ACTIONS: EmulatorGap = {
  behaviour: `moto's PutRegistryPolicy refuses any action but ${MOTO_REGISTRY_POLICY_ACTIONS.join(" and ")} ("Invalid registry policy provided"), while AWS takes the pull-through cache's ecr:BatchImportUpstreamImage there too, so the other actions are taken out of the registry policy before the apply`,
  source:
    "moto/ecr/models.py: _validate_registry_policy_action; AWS: https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-iam.html",
};

/** A registry policy (JSON text) as moto takes it, and the actions taken out for that. */
export function registryPolicyForMoto(policy: string): { policy: string; dropped: string[] } {
  const document = JSON.parse(policy) as { Statement: { Action: string | string[] }[] };
  const dropped = new Set<string>();
  for (const statement of document.Statement) {
    const actions = [statement.Action].flat();
    actions.filter((a) => !MOTO_REGISTRY_POLICY_ACTIONS.includes(a)).forEach((a) => dropped.add(a));
    statement.Action = actions.filter((a) => MOTO_REGISTRY_POLICY_ACTIONS.includes(a));
  }
  return { policy: JSON.stringify(document), dropped: [...dropped].sort() };
}

/** Attributes that differ between before and after. */
function changedAttributes(change: PlannedChange["change"]): string[] {
  const before = change.before ?? {};
  const after = change.after ?? {};
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
}

/** The gap that explains a change planned right after an apply, or undefined for a real change. */
export function planGap(rc: PlannedChange): EmulatorGap | undefined {
  const { actions, before, after } = rc.change;
  const isRule = rc.type === "aws_vpc_security_group_ingress_rule" || rc.type === "aws_vpc_security_group_egress_rule";
  if (!isRule || actions.join() !== "update" || !before || !after) return undefined;
  const peerIsReference = Boolean(after.referenced_security_group_id || after.prefix_list_id);
  const onlyDescription = changedAttributes(rc.change).join() === "description" && !before.description && Boolean(after.description);
  return peerIsReference && onlyDescription ? RULE_DESCRIPTION : undefined;
}

/** One line of `npm run verify`. */
export interface VerifyLine {
  readonly status: "PASS" | "FAIL" | "SKIP";
  readonly what: string;
  readonly detail: string;
}

const NO_TARGETS: EmulatorGap = {
  behaviour:
    "no EKS pod runs against an emulator, so nothing registers in the target group and there is no target whose health to read (the rehearsal registers one)",
  source: "moto/eks/models.py: a cluster and its node groups are records; no node starts",
};

/** The gap that explains a failed verify check (its text and detail), or undefined for a real failure. */
export function verifyGap(check: { readonly what: string; readonly detail?: string }): EmulatorGap | undefined {
  const detail = check.detail ?? "";
  if (/^demo ALB .*: active, internet-facing$/.test(check.what) && /^active, (undefined|null|)$/.test(detail)) return ALB_SCHEME;
  if (/^target group .*: healthy targets on /.test(check.what) && /^0 of 0 healthy/.test(detail)) return NO_TARGETS;
  return undefined;
}

const GAP_DETAIL = "emulator gap: ";

/** How verify details a check it skips for a gap; the rehearsal reads it back (gapOfDetail). */
export const gapDetail = (gap: EmulatorGap) => `${GAP_DETAIL}${gap.behaviour} (${gap.source})`;

/** The gap's behaviour and source in a verify detail, or undefined for another detail. */
export const gapOfDetail = (detail: string) => (detail.startsWith(GAP_DETAIL) ? detail.slice(GAP_DETAIL.length) : undefined);

/**
 * Whether an AWS_ENDPOINT_URL points at an emulator on this machine or a container (localhost, a
 * loopback address, a host named moto or localstack), where the gaps above apply.
 */
export function isEmulatorEndpoint(url: string | undefined): boolean {
  if (!url) return false;
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, "");
  } catch {
    return false;
  }
  return host === "localhost" || host === "::1" || /^127\./.test(host) || /(^|[.-])(moto|localstack)([.-]|$)/.test(host);
}

/** Reads `npm run verify`'s report: `PASS  what  (detail)` lines. */
export function parseVerify(output: string): VerifyLine[] {
  return output.split("\n").flatMap((line) => {
    const m = /^(PASS|FAIL|SKIP) {2}(.*?)(?: {2}\((.*)\))?$/.exec(line);
    return m ? [{ status: m[1] as VerifyLine["status"], what: m[2], detail: m[3] ?? "" }] : [];
  });
}
