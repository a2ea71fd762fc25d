export interface PlanSummary {
  /** Resources to create, by type. */
  readonly add: Record<string, number>;
  readonly change: number;
  readonly destroy: number;
  /** What happens to each output: "create", "noop" (a null output), … */
  readonly outputs: Record<string, string>;
  /** Resources to create by module ("" for the root module), then by type. */
  readonly addByModule: Record<string, Record<string, number>>;
}

/** Tallies planned resource changes, overall and per module. */
export class PlanCounter {
  private readonly add: Record<string, number> = {};
  private readonly addByModule: Record<string, Record<string, number>> = {};
  private change = 0;
  private destroy = 0;

  count(module: string, type: string, actions: string[]) {
    if (actions.includes("create")) {
      this.add[type] = (this.add[type] ?? 0) + 1;
      const inModule = (this.addByModule[module] ??= {});
      inModule[type] = (inModule[type] ?? 0) + 1;
    }
    if (actions.includes("update")) this.change++;
    if (actions.includes("delete")) this.destroy++;
  }

  summary() {
    return { add: this.add, addByModule: this.addByModule, change: this.change, destroy: this.destroy };
  }
}

/**
 * `after` with every place terraform's `after_unknown` mask marks unknown replaced by
 * `fill(the value at the same place in other)`.
 */
export function replaceUnknowns(after: unknown, unknown: unknown, fill: (other: unknown) => unknown, other?: unknown): unknown {
  if (unknown === true) return fill(other);
  const at = (value: unknown, key: string | number) => (value as Record<string | number, unknown> | null | undefined)?.[key];
  if (Array.isArray(unknown)) return unknown.map((u, i) => replaceUnknowns(at(after, i), u, fill, at(other, i)));
  if (unknown && typeof unknown === "object") {
    const keys = new Set([...Object.keys(after ?? {}), ...Object.keys(unknown)]);
    return Object.fromEntries([...keys].map((k) => [k, replaceUnknowns(at(after, k), at(unknown, k), fill, at(other, k))]));
  }
  return after;
}

/** Puts "(known after apply)" wherever terraform's `after_unknown` mask says a value is unknown. */
export function withUnknowns(after: unknown, unknown: unknown): unknown {
  return replaceUnknowns(after, unknown, () => "(known after apply)");
}

/** A resource the plan destroys and creates again, and the attributes that force it. */
export interface Replacement {
  readonly address: string;
  /** Attribute paths that force the replacement, e.g. "cidr_block", "ingress[0].cidr_blocks". */
  readonly because: string[];
  /** "delete-then-create" (a gap) or "create-then-delete" (create_before_destroy). */
  readonly order: "delete-then-create" | "create-then-delete";
}

/** What an applied plan cannot take back: replacements and destroys. */
export interface RiskyChanges {
  readonly replaced: Replacement[];
  /** Resources destroyed and not created again. */
  readonly destroyed: string[];
}

export interface DetailedPlan extends PlanSummary, RiskyChanges {
  /** Planned output values, "(known after apply)" where unknown. */
  readonly outputValues: Record<string, unknown>;
  /** Managed resources in the state the plan started from (0: a from-scratch plan). */
  readonly priorResources: number;
}

/** One entry of `resource_changes` in terraform's JSON plan (`terraform show -json`). */
export interface ResourceChange {
  address: string;
  module_address?: string;
  mode: string;
  type: string;
  name: string;
  index?: string | number;
  provider_name: string;
  change: {
    actions: string[];
    after?: Record<string, unknown> | null;
    after_unknown?: unknown;
    replace_paths?: (string | number)[][];
  };
}

/** The parts of terraform's JSON plan format read here. */
export interface TerraformPlan {
  terraform_version: string;
  resource_changes?: ResourceChange[];
  output_changes?: Record<string, { actions: string[]; after: unknown; after_unknown: unknown; after_sensitive?: unknown }>;
  prior_state?: { values?: { root_module?: StateModule } };
}

/** A warning or error terraform reported, as its JSON UI prints it. */
export interface Diagnostic {
  severity: "error" | "warning";
  summary: string;
  detail?: string;
  range?: { filename: string };
}

function attributePath(steps: (string | number)[]): string {
  return steps.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}

/** Replacements and destroys of managed resources, from `terraform show -json`'s resource_changes. */
export function riskyChanges(changes: readonly Pick<ResourceChange, "address" | "mode" | "change">[]): RiskyChanges {
  const managed = changes.filter((rc) => rc.mode === "managed");
  const replaced = managed
    .filter((rc) => rc.change.actions.includes("delete") && rc.change.actions.includes("create"))
    .map((rc) => ({
      address: rc.address,
      because: (rc.change.replace_paths ?? []).map(attributePath),
      order: rc.change.actions[0] === "delete" ? ("delete-then-create" as const) : ("create-then-delete" as const),
    }));
  const destroyed = managed.filter((rc) => rc.change.actions.length === 1 && rc.change.actions[0] === "delete").map((rc) => rc.address);
  return { replaced, destroyed };
}

/** Managed resources in a JSON plan's prior state, modules included. */
export function countPriorResources(plan: Pick<TerraformPlan, "prior_state">): number {
  const count = (m: StateModule | undefined): number =>
    (m?.resources ?? []).filter((r) => r.mode === "managed").length + (m?.child_modules ?? []).reduce((n, c) => n + count(c), 0);
  return count(plan.prior_state?.values?.root_module);
}

interface StateModule {
  resources?: { mode: string }[];
  child_modules?: StateModule[];
}

/** The summary `npm run preview` prints, from a JSON plan (`terraform show -json`, or as `terraform test -verbose` prints it). */
export function detailedPlan(plan: TerraformPlan): DetailedPlan {
  const counts = new PlanCounter();
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode === "managed") counts.count(rc.module_address ?? "", rc.type, rc.change.actions);
  }
  const outputs: Record<string, string> = {};
  const outputValues: Record<string, unknown> = {};
  for (const [name, oc] of Object.entries(plan.output_changes ?? {})) {
    outputs[name] = oc.actions.join(",");
    outputValues[name] = withUnknowns(oc.after, oc.after_unknown);
  }
  return {
    ...counts.summary(),
    outputs,
    outputValues,
    ...riskyChanges(plan.resource_changes ?? []),
    priorResources: countPriorResources(plan),
  };
}
