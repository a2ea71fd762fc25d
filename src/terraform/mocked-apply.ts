import { typeOf } from "./placeholder-state";
import type { OfflineWorkdir } from "./workdir";

/**
 * The state a work dir's configuration would leave after an apply, made without AWS: every value
 * the plan knows is kept, every value only AWS would know (ids, ARNs, computed sets …) is a fake of
 * the schema's type. `terraform test` with a mock provider applies too, but keeps no state behind,
 * and a state is what `npm run preview` plans against.
 *
 * A reference to a fake id is known only once that id is in the state, so this plans again against
 * the state it wrote, until the plan changes nothing (one round per level of references).
 */
export function mockedApplyState(workdir: OfflineWorkdir, maxRounds = 8): TerraformState {
  const schemas = providerSchemas(workdir);
  let state: TerraformState = {
    version: 4,
    terraform_version: "",
    serial: 0,
    lineage: "mocked-apply",
    outputs: {},
    resources: [],
    check_results: null,
  };
  for (let round = 0; round < maxRounds; round++) {
    const plan = workdir.planJson();
    const pending = (plan.resource_changes ?? []).filter((rc: JsonChange) => rc.mode === "managed" && rc.change.actions.join() !== "no-op");
    const outputs = Object.entries<JsonOutputChange>(plan.output_changes ?? {});
    if (pending.length === 0 && outputs.every(([, oc]) => oc.after_unknown === false)) {
      // Terraform leaves null outputs out of state.
      const known = outputs.filter(([, oc]) => oc.after !== null);
      state = {
        ...state,
        serial: state.serial + 1,
        outputs: Object.fromEntries(
          known.map(([name, oc]) => [
            name,
            { value: oc.after, type: typeOf(oc.after), ...(oc.after_sensitive === true ? { sensitive: true } : {}) },
          ]),
        ),
      };
      workdir.writeState(state);
      return state;
    }
    state = {
      ...state,
      terraform_version: plan.terraform_version,
      serial: state.serial + 1,
      resources: appliedResources(plan, state, schemas),
    };
    workdir.writeState(state);
  }
  throw new Error(`a mocked apply did not settle in ${maxRounds} rounds: references to computed values may form a cycle`);
}

export interface TerraformState {
  version: 4;
  terraform_version: string;
  serial: number;
  lineage: string;
  outputs: Record<string, { value: unknown; type: unknown; sensitive?: boolean }>;
  resources: StateResource[];
  check_results: null;
}

interface StateResource {
  module?: string;
  mode: "managed";
  type: string;
  name: string;
  provider: string;
  instances: {
    index_key?: string | number;
    schema_version: number;
    attributes: Record<string, unknown>;
    sensitive_attributes: unknown[];
  }[];
}

interface JsonChange {
  address: string;
  module_address?: string;
  mode: string;
  type: string;
  name: string;
  index?: string | number;
  provider_name: string;
  change: { actions: string[]; after: Record<string, unknown> | null; after_unknown: unknown };
}

interface JsonOutputChange {
  after: unknown;
  after_unknown: unknown;
  after_sensitive?: unknown;
}

/** A cty type as the schema JSON writes it: "string", ["list", T], ["object", {…}], … */
type CtyType = string | [string, unknown];

interface SchemaBlock {
  attributes?: Record<string, { type?: CtyType }>;
  block_types?: Record<string, { nesting_mode: string; block: SchemaBlock }>;
}

type Schemas = Record<string, { resource_schemas: Record<string, { version: number; block: SchemaBlock }> }>;

function providerSchemas(workdir: OfflineWorkdir): Schemas {
  return JSON.parse(workdir.run("providers", "schema", "-json")).provider_schemas;
}

/** The state's resources once every pending change of `plan` is applied. */
function appliedResources(plan: any, prior: TerraformState, schemas: Schemas): StateResource[] {
  const priorAttributes = new Map<string, Record<string, unknown>>();
  for (const r of prior.resources) {
    for (const i of r.instances) priorAttributes.set(instanceKey(r.module, r.type, r.name, i.index_key), i.attributes);
  }
  const providerKeys = new Map<string, string>(
    (plan.configuration?.root_module?.resources ?? []).map((r: { address: string; provider_config_key: string }) => [
      r.address,
      r.provider_config_key,
    ]),
  );
  const resources = new Map<string, StateResource>();
  for (const rc of (plan.resource_changes ?? []) as JsonChange[]) {
    if (rc.mode !== "managed" || rc.change.after === null) continue;
    const { version, block } = schemas[rc.provider_name].resource_schemas[rc.type];
    const before = priorAttributes.get(instanceKey(rc.module_address, rc.type, rc.name, rc.index)) ?? {};
    const attributes = fillBlock(rc.change.after, rc.change.after_unknown, block, rc, before);
    const key = instanceKey(rc.module_address, rc.type, rc.name);
    if (!resources.has(key)) {
      resources.set(key, {
        ...(rc.module_address ? { module: rc.module_address } : {}),
        mode: "managed",
        type: rc.type,
        name: rc.name,
        provider: providerAddress(rc.provider_name, providerKeys.get(rc.address.replace(/\[[^\]]*\]$/, ""))),
        instances: [],
      });
    }
    resources
      .get(key)!
      .instances.push({
        ...(rc.index !== undefined ? { index_key: rc.index } : {}),
        schema_version: version,
        attributes,
        sensitive_attributes: [],
      });
  }
  return [...resources.values()];
}

function instanceKey(module: string | undefined, type: string, name: string, index?: string | number): string {
  return JSON.stringify([module ?? "", type, name, index ?? null]);
}

/** `provider["registry.terraform.io/hashicorp/aws"]`, with `.alias` for a `aws.alias` configuration key. */
function providerAddress(providerName: string, configKey = ""): string {
  const alias = configKey.includes(".") ? configKey.slice(configKey.indexOf(".") + 1) : "";
  return `provider["${providerName}"]${alias ? `.${alias}` : ""}`;
}

/**
 * The planned values of one block with its unknowns filled: top-level unknowns keep the value the
 * prior state gave them (a fake id stays the same from round to round), the rest get fakes.
 */
function fillBlock(
  after: Record<string, unknown>,
  unknown: unknown,
  block: SchemaBlock,
  rc: JsonChange,
  before: Record<string, unknown>,
): Record<string, unknown> {
  const mask = (unknown ?? {}) as Record<string, unknown>;
  const filled: Record<string, unknown> = { ...after };
  for (const [name, u] of Object.entries(mask)) {
    const attribute = block.attributes?.[name];
    const nested = block.block_types?.[name];
    if (u === true && before[name] !== undefined && before[name] !== null) filled[name] = before[name];
    else if (attribute?.type !== undefined) filled[name] = fillValue(after[name], u, attribute.type, `${rc.type}.${rc.name}.${name}`);
    else if (nested && u === true) filled[name] = nested.nesting_mode === "single" ? null : [];
    else if (nested && Array.isArray(u)) {
      filled[name] = u.map((element, i) =>
        fillBlock(((after[name] as Record<string, unknown>[]) ?? [])[i] ?? {}, element, nested.block, rc, {}),
      );
    }
  }
  return filled;
}

function fillValue(after: unknown, unknown: unknown, type: CtyType, where: string): unknown {
  if (unknown === true) return fake(type, where);
  if (!unknown || typeof unknown !== "object" || typeof type === "string") return after;
  const [kind, inner] = type;
  if (Array.isArray(unknown) && Array.isArray(after)) {
    return after.map((v, i) => fillValue(v, unknown[i], kind === "tuple" ? (inner as CtyType[])[i] : (inner as CtyType), `${where}[${i}]`));
  }
  const known = (after ?? {}) as Record<string, unknown>;
  const types = inner as Record<string, CtyType>;
  return Object.fromEntries(
    Object.keys({ ...known, ...unknown }).map((k) => [
      k,
      fillValue(known[k], (unknown as Record<string, unknown>)[k], kind === "map" ? (inner as CtyType) : types[k], `${where}.${k}`),
    ]),
  );
}

/** A value of `type` that no one would take for a real one; ARNs are ARN-shaped, as the provider checks. */
function fake(type: CtyType, where: string): unknown {
  if (type === "number") return 0;
  if (type === "bool") return false;
  if (type === "string") return /arn$/.test(where) ? `arn:aws:mock:::${where}` : `mock-${where}`;
  if (type[0] === "map" || type[0] === "object") return type[0] === "map" ? {} : null;
  return [];
}
