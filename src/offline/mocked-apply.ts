import { allResources, parseStack } from "../synthesized/stack-json";
import { typeOf } from "./placeholder-state";
import { replaceUnknowns } from "./plan-summary";
import type { OfflineWorkdir, TerraformPlan } from "./workdir";

/** The account every mocked ARN names: AWS's documentation example. */
const MOCK_ACCOUNT = "123456789012";
const TEST_FILE = "mocked-apply.tftest.hcl";
/** The mock provider's alias in the test file: `mock`, `mock_<alias>` for an aliased provider. */
const mockAlias = (alias: string) => (alias ? `mock_${alias}` : "mock");

/**
 * The state a work dir's configuration would leave after an apply, made without AWS, and written
 * into the work dir as its state. One `terraform test` run does two things:
 *   - `planned`: a plan with the real provider, which knows the values AWS would default to
 *     (`tags_all` from the default tags, `ipv6_native = false` …);
 *   - `applied`: an apply with a mock provider, in which Terraform resolves every reference, and
 *     values only AWS would know (ids, ARNs …) are random strings.
 * Each resource's state is its planned values, with each unknown one taken from the mocked apply,
 * so that a plan against it changes nothing and references agree (a subnet's `vpc_id` is the VPC's id).
 *
 * ARNs the configuration passes to other resources are ARN-shaped, because the real provider checks
 * them. `terraform test` destroys what it applied when it is done, so the configuration must not be
 * protected (`prevent_destroy`).
 */
export async function mockedApplyState(workdir: OfflineWorkdir): Promise<TerraformState> {
  const configuration = Object.values(workdir.files);
  const aliases = providerAliases(workdir.files);
  workdir.writeTestFile(TEST_FILE, mockedApplyTest(configuration, aliases));
  const messages = await workdir.test("-verbose", `-filter=tests/${TEST_FILE}`);
  const printed = (type: string, run: string) => messages.find((m) => m.type === type && m["@testrun"] === run);
  const planned = printed("test_plan", "planned")?.test_plan as TerraformPlan | undefined;
  const applied = printed("test_state", "applied")?.test_state as PrintedState | undefined;
  if (!planned || !applied) throw new Error("terraform test printed no plan or no state for the mocked apply");
  const state = stateFile(planned, applied, messages.find((m) => m.type === "version")?.terraform ?? "", aliases);
  workdir.writeState(state);
  return state;
}

/** The test: the real provider's plan, then an apply with mock providers (one per alias) giving ARN-shaped ARNs. */
function mockedApplyTest(configuration: string[], aliases: Record<string, string>): string {
  const text = configuration.join("\n");
  const arnTypes = [...new Set([...text.matchAll(/\b(aws_[a-z0-9_]+)\.[A-Za-z0-9_-]+\.arn\b/g)].map((m) => m[1]))].sort();
  const mocks = arnTypes
    .map((type) => `  mock_resource "${type}" {\n    defaults = { arn = "arn:aws:mock::${MOCK_ACCOUNT}:${type}" }\n  }\n`)
    .join("");
  const providerAliases = ["", ...new Set(Object.values(aliases))].sort();
  const providers = providerAliases.map((alias) => `mock_provider "aws" {\n  alias = "${mockAlias(alias)}"\n${mocks}}\n`);
  const mapping = providerAliases.map((alias) => `    ${alias ? `aws.${alias}` : "aws"} = aws.${mockAlias(alias)}\n`).join("");
  return [
    ...providers,
    `run "planned" {\n  command = plan\n}\n`,
    `run "applied" {\n  command = apply\n  providers = {\n${mapping}  }\n}\n`,
  ].join("\n");
}

/** Provider aliases of root-module resources, by address, from its JSON files (`"provider": "aws.<alias>"`). */
function providerAliases(files: Readonly<Record<string, string>>): Record<string, string> {
  const rootJson = Object.entries(files).filter(([name, text]) => !name.includes("/") && text.trimStart().startsWith("{"));
  const aliases: Record<string, string> = {};
  for (const r of rootJson.flatMap(([, text]) => allResources(parseStack(text)))) {
    if (typeof r.body.provider === "string" && r.body.provider.startsWith("aws."))
      aliases[r.address] = r.body.provider.slice("aws.".length);
  }
  return aliases;
}

/** A state in the format of `terraform show -json`, as `terraform test -verbose` prints it. */
interface PrintedState {
  root_module?: PrintedModule;
  outputs?: Record<string, { value: unknown; type: unknown; sensitive: boolean }>;
}

interface PrintedModule {
  address?: string;
  resources?: {
    address: string;
    mode: string;
    type: string;
    name: string;
    index?: string | number;
    provider_name: string;
    schema_version: number;
    values: Record<string, unknown>;
  }[];
  child_modules?: PrintedModule[];
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

/** The state file (format version 4) that `terraform plan` reads: planned values, unknowns from the mocked apply. */
function stateFile(
  planned: TerraformPlan,
  applied: PrintedState,
  terraformVersion: string,
  aliases: Record<string, string>,
): TerraformState {
  const appliedValues = new Map<string, Record<string, unknown>>();
  const schemaVersions = new Map<string, number>();
  for (const r of printedResources(applied.root_module)) {
    appliedValues.set(r.address, r.values);
    schemaVersions.set(r.type, r.schema_version);
  }

  const resources = new Map<string, StateResource>();
  for (const rc of planned.resource_changes ?? []) {
    if (rc.mode !== "managed" || !rc.change.after) continue;
    const key = JSON.stringify([rc.module_address ?? "", rc.type, rc.name]);
    const alias = rc.module_address ? undefined : aliases[`${rc.type}.${rc.name}`];
    if (!resources.has(key)) {
      resources.set(key, {
        ...(rc.module_address ? { module: rc.module_address } : {}),
        mode: "managed",
        type: rc.type,
        name: rc.name,
        provider: `provider["${rc.provider_name}"]${alias ? `.${alias}` : ""}`,
        instances: [],
      });
    }
    // Each unknown planned value is the mocked apply's at the same place (list and set elements by
    // position: the plan and the apply list a resource's blocks in the same order).
    const mocked = appliedValues.get(rc.address) ?? {};
    const attributes = replaceUnknowns(rc.change.after, rc.change.after_unknown, (value) => value, mocked) as Record<string, unknown>;
    resources.get(key)!.instances.push({
      ...(rc.index !== undefined ? { index_key: rc.index } : {}),
      schema_version: schemaVersions.get(rc.type) ?? 0,
      attributes,
      sensitive_attributes: [],
    });
  }
  const outputs = Object.fromEntries(
    Object.entries(applied.outputs ?? {}).map(([name, o]) => [
      name,
      { value: o.value, type: o.type ?? typeOf(o.value), ...(o.sensitive ? { sensitive: true } : {}) },
    ]),
  );
  return {
    version: 4,
    terraform_version: terraformVersion,
    serial: 1,
    lineage: "mocked-apply",
    outputs,
    resources: [...resources.values()],
    check_results: null,
  };
}

/** The resources of a printed module and of all its child modules. */
function printedResources(module: PrintedModule | undefined): NonNullable<PrintedModule["resources"]> {
  return [...(module?.resources ?? []), ...(module?.child_modules ?? []).flatMap(printedResources)];
}
