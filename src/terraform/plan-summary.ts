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

/** Puts "(known after apply)" wherever terraform's `after_unknown` mask says a value is unknown. */
export function withUnknowns(after: unknown, unknown: unknown): unknown {
  if (unknown === true) return "(known after apply)";
  if (Array.isArray(unknown)) return unknown.map((u, i) => withUnknowns((after as unknown[] | null)?.[i], u));
  if (unknown && typeof unknown === "object") {
    const known = (after ?? {}) as Record<string, unknown>;
    const keys = new Set([...Object.keys(known), ...Object.keys(unknown)]);
    return Object.fromEntries([...keys].map((k) => [k, withUnknowns(known[k], (unknown as Record<string, unknown>)[k])]));
  }
  return after;
}
