import * as path from "path";
import { EndpointServiceName, fullServiceName, isPartnerServiceName, parseFullServiceName } from "../aws/endpoint-service-names";
import { isDerived, SETTING_KEYS, SETTINGS, SettingKey, SettingValues } from "./schema";
import { crossCheck } from "./cross-checks";
import { checkNoEffect } from "./no-effect";
import { suggestion } from "./did-you-mean";
import { emptyValue, EXPECTED, kindOf, parseVariableText } from "./env-text";
import { alwaysCreatedServices } from "./endpoint-catalog";
import { readStrictJson } from "./json-file";
import { sharedAccountChecks } from "./shared-account";
import { ENVIRONMENT_NAME } from "./strings";
import { EnvironmentConfig, ProjectConfig, StateConfig } from "./types";

/** The configuration file's default location, relative to the project root. */
export const DEFAULT_CONFIG_FILE = "config/environments.json";

/** Bad configuration: every problem found, each naming where the value came from and the fix. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration (nothing was synthesized):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export interface LoadOptions {
  /** The parsed contents of the configuration file. */
  readonly file: unknown;
  /** How messages name the file. @default "config/environments.json" */
  readonly fileName?: string;
  /** Environment variables; they override the settings of the environment `MLOPS_ENV` names. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * `MLOPS_*` variables that are not settings. Any other `MLOPS_*` name is an error: a misspelt
 * variable must not be ignored while the file rejects a misspelt key.
 */
export const OTHER_VARIABLES: Readonly<Record<string, string>> = {
  MLOPS_ENV: "the environment the variables override (and the tools work on)",
  MLOPS_CONFIG_FILE: "another configuration file",
};

/** Read by the project's own tools, not by users: accepted, and left out of the names a message lists. */
const INTERNAL_VARIABLES: Readonly<Record<string, string>> = {
  MLOPS_BENCH_CHILD: "set by npm run bench for the commands it measures",
};

/** Every variable a user sets for the configuration, settings first. */
export const KNOWN_VARIABLES = [...SETTING_KEYS.map((k) => SETTINGS[k].variable), ...Object.keys(OTHER_VARIABLES)];

/** Problems with the variables' names: `MLOPS_*` names that the configuration does not read. */
function unknownVariables(vars: Readonly<Record<string, string | undefined>>): string[] {
  return Object.keys(vars)
    .filter((name) => name.toUpperCase().startsWith("MLOPS_") && !KNOWN_VARIABLES.includes(name) && !(name in INTERNAL_VARIABLES))
    .sort()
    .map(
      (name) =>
        `${name}: no setting reads this variable.${suggestion(name, KNOWN_VARIABLES)} Unset it, or use one of ${KNOWN_VARIABLES.join(", ")} (docs/configuration.md, section "Settings")`,
    );
}

/** Settings that were removed, with what replaced them. */
const REPLACED: Record<string, string> = {
  eksPrivateClusterEndpoints:
    'was replaced by endpointSet and clusterFeatures: the endpoints a private EKS cluster needs are now the default (endpointSet "cluster")',
};

/**
 * The configuration file the app and the tools read: `MLOPS_CONFIG_FILE` as given, else
 * config/environments.json of the project at `root`. `shown` is how messages name it.
 */
export function projectConfigFile(root: string, env: Readonly<Record<string, string | undefined>> = process.env) {
  const given = env.MLOPS_CONFIG_FILE;
  if (given !== undefined && given.trim() === "")
    throw new ConfigError(["MLOPS_CONFIG_FILE is set but empty: name a configuration file, or unset it to read config/environments.json"]);
  return given !== undefined ? { path: given, shown: given } : { path: path.join(root, DEFAULT_CONFIG_FILE), shown: DEFAULT_CONFIG_FILE };
}

/** Reads `file` (strict JSON: no duplicate keys) and loads it; messages name it `shown`. */
export function loadProjectConfigFile(
  file: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
  shown = file,
): ProjectConfig {
  const { value, problems } = readStrictJson(file, shown);
  if (problems.length > 0) throw new ConfigError(problems);
  return loadProjectConfig({ file: value, fileName: shown, env });
}

type Source = { kind: "file" } | { kind: "variable"; variable: string } | { kind: "default"; from?: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Resolves every environment of the file: each setting from the environment variable (selected
 * environment only), else the file, else its default, derived from the settings before it where
 * it says so. Throws one ConfigError listing every problem.
 */
export function loadProjectConfig(options: LoadOptions): ProjectConfig {
  const fileName = options.fileName ?? DEFAULT_CONFIG_FILE;
  const vars = options.env ?? {};
  const problems: string[] = unknownVariables(vars);
  const notes: string[] = [];
  const warnings: string[] = [];
  const file = options.file ?? {};
  if (!isObject(file)) throw new ConfigError([`${fileName}: expected a JSON object with "defaultEnvironment" and "environments"`]);
  if ("terraform_version" in file && "resources" in file)
    throw new ConfigError([`${fileName}: is a Terraform state, not the configuration; name a file like config/environments.json`]);
  for (const key of Object.keys(file).filter((k) => !["defaultEnvironment", "environments", "$comment", "$schema"].includes(k))) {
    problems.push(`${fileName}: unknown top-level key ${JSON.stringify(key)}; the file holds defaultEnvironment and environments`);
  }
  const rawEnvironments = file.environments ?? { prod: {} };
  if (!isObject(rawEnvironments)) {
    throw new ConfigError([
      ...problems,
      `${fileName} environments: must be an object keyed by environment name, e.g. {"prod": {}, "dev": {"vpcCidr": "10.1.0.0/16"}}`,
    ]);
  }
  const names = Object.keys(rawEnvironments);
  if (names.length === 0) problems.push(`${fileName} environments: is empty; add at least one, e.g. {"prod": {}}`);
  const defaultEnvironment = file.defaultEnvironment ?? names[0];
  if (typeof defaultEnvironment !== "string" || !names.includes(defaultEnvironment)) {
    problems.push(
      `${fileName} defaultEnvironment = ${JSON.stringify(file.defaultEnvironment)}: name one of the environments (${names.join(", ")})`,
    );
  }
  const selected = vars.MLOPS_ENV ?? (defaultEnvironment as string);
  if (vars.MLOPS_ENV !== undefined && !names.includes(vars.MLOPS_ENV)) {
    problems.push(`MLOPS_ENV = ${JSON.stringify(vars.MLOPS_ENV)}: name one of the environments (${names.join(", ")})`);
  }

  const environments = names.map((name) => {
    const where = `${fileName} environments.${name}`;
    if (!ENVIRONMENT_NAME.test(name)) {
      problems.push(`${where}: environment names are 1-16 lowercase letters, digits or hyphens, starting with a letter`);
    }
    const entry = fileEntry(rawEnvironments[name], where, problems);
    // Notes and warnings are of the environment the commands work on; problems of every one.
    const mine = name === selected;
    return resolveEnvironment(name, entry, mine ? vars : {}, where, problems, mine ? notes : [], mine ? warnings : []);
  });
  // IAM roles, log groups, ALBs and target groups are named by the prefix and must not collide.
  environments.forEach((env, i) => {
    const twin = environments.findIndex((other) => other.namePrefix === env.namePrefix);
    if (twin < i) {
      problems.push(
        `${fileName} environments.${env.name}.namePrefix = ${JSON.stringify(env.namePrefix)}: environment ${environments[twin].name} uses it too; give each environment its own prefix (its names must not collide)`,
      );
    }
  });
  const shared = sharedAccountChecks({ environments, defaultEnvironment: defaultEnvironment as string, selected, fileName, vars });
  problems.push(...shared.problems);
  warnings.push(...shared.warnings);
  if (problems.length > 0) throw new ConfigError(problems);
  return { defaultEnvironment: defaultEnvironment as string, selectedEnvironment: selected, environments, notes, warnings };
}

/**
 * Service names as the stacks use them, the catalogue's short names: the full name of a service of
 * the environment's own region, in the spelling AWS gives it there (`com.amazonaws.<region>.xray`, or
 * `cn.com.amazonaws.cn-north-1.xray` in China: src/aws/endpoint-service-names.ts), is `xray`; a full
 * name of another region, or in the spelling that region does not use, is a problem (no such endpoint
 * service exists), reported and left out.
 */
function shortServiceNames(
  key: SettingKey,
  services: readonly string[],
  region: string,
  bad: (key: SettingKey, value: unknown, fix: string) => void,
) {
  const short = (service: string): EndpointServiceName | undefined => {
    if (isPartnerServiceName(service)) {
      bad(
        key,
        service,
        "is a PrivateLink service of another account, not an AWS service; these stacks build endpoints of AWS services only: create that endpoint in the stack that consumes it (aws_vpc_endpoint with this service_name)",
      );
      return undefined;
    }
    const full = parseFullServiceName(service);
    if (!full) return EndpointServiceName.of(service);
    const right = fullServiceName(region, full.service);
    if (full.region !== region) {
      bad(
        key,
        service,
        `is a service of ${full.region}, but this environment is in ${region}; an interface endpoint serves its own region: use ${full.service} (or ${right})`,
      );
      return undefined;
    }
    if (service !== right) {
      bad(
        key,
        service,
        `is not the name of ${full.service}'s endpoint service in ${region}: AWS's list (src/aws/endpoint-service-names.ts) names it ${right} there; use ${full.service} (or ${right}), or, if aws ec2 describe-vpc-endpoint-services --region ${region} shows ${service}, add ${full.service} to that list`,
      );
      return undefined;
    }
    return EndpointServiceName.of(full.service);
  };
  return services.map(short).filter((s) => s !== undefined);
}

/** A file entry as flat settings (`state.backend`, …); unknown keys are problems. */
function fileEntry(raw: unknown, where: string, problems: string[]): Map<string, unknown> {
  const entry = new Map<string, unknown>();
  if (!isObject(raw)) {
    problems.push(`${where}: expected an object of settings, e.g. {} for all the defaults; got ${JSON.stringify(raw)}`);
    return entry;
  }
  for (const [key, value] of Object.entries(raw)) {
    if (key === "state" && isObject(value)) {
      for (const [k, v] of Object.entries(value)) entry.set(`state.${k}`, v);
    } else {
      entry.set(key, value);
    }
  }
  for (const key of entry.keys()) {
    if (key in REPLACED) problems.push(`${where}.${key}: ${REPLACED[key]}`);
    else if (!(key in SETTINGS))
      problems.push(`${where}.${key}: unknown key.${suggestion(key, SETTING_KEYS)} The keys are ${SETTING_KEYS.join(", ")}`);
  }
  return entry;
}

function resolveEnvironment(
  name: string,
  entry: Map<string, unknown>,
  vars: Readonly<Record<string, string | undefined>>,
  where: string,
  problems: string[],
  notes: string[],
  warnings: string[],
): EnvironmentConfig {
  const values: Partial<Record<SettingKey, unknown>> = {};
  const sources: Partial<Record<SettingKey, Source>> = {};
  const label = (key: SettingKey) => {
    const source = sources[key];
    if (source?.kind === "variable") return `${source.variable} (${name}.${key})`;
    if (source?.kind === "default") return `${name}.${key} (built-in default${source.from ? `, derived from ${source.from}` : ""})`;
    return `${where}.${key}`;
  };
  for (const key of SETTING_KEYS) {
    const setting = SETTINGS[key];
    const kind = kindOf(setting.schema);
    const text = vars[setting.variable];
    let value: unknown;
    if (text !== undefined) {
      sources[key] = { kind: "variable", variable: setting.variable };
      const empty = emptyValue(kind);
      if (text.trim() === "" && !(empty && setting.schema.safeParse(empty.value).success)) {
        problems.push(
          `${label(key)}: ${setting.variable} is set but empty, and ${key} has no empty value; give ${EXPECTED[kind].variable}, or unset ${setting.variable} to use the configuration file or the default`,
        );
        continue;
      }
      value = parseVariableText(kind, text);
      if (value instanceof Error) {
        problems.push(`${label(key)} = ${JSON.stringify(text)}: ${value.message}`);
        continue;
      }
    } else if (entry.has(key)) {
      sources[key] = { kind: "file" };
      value = entry.get(key);
    } else if (isDerived(setting.default)) {
      sources[key] = { kind: "default", from: setting.default.from };
      const inputs = Object.keys(setting.default.inputs) as SettingKey[];
      // A setting it derives from is bad: reported there, not again here.
      if (inputs.some((input) => values[input] === undefined)) continue;
      value = setting.default.derive(Object.fromEntries(inputs.map((input) => [input, values[input]])));
      if (value === undefined) continue;
    } else {
      sources[key] = { kind: "default" };
      value = setting.default;
    }
    // Own keys only: "constructor" is no old name.
    const renames = setting.renamedValues ?? {};
    const renamed = typeof value === "string" && Object.hasOwn(renames, value) ? renames[value] : undefined;
    if (renamed !== undefined) {
      warnings.push(
        `${label(key)} = ${JSON.stringify(value)}: deprecated, now called ${JSON.stringify(renamed)} (the same thing); write ${JSON.stringify(renamed)}`,
      );
      value = renamed;
    }
    const parsed = setting.schema.safeParse(value);
    if (parsed.success) {
      values[key] = parsed.data;
      continue;
    }
    const expected = sources[key]?.kind === "variable" ? EXPECTED[kind].variable : EXPECTED[kind].json;
    const reported = new Set<string>();
    for (const issue of parsed.error.issues) {
      // One problem per value: a template sequence also breaks the value's pattern.
      const at = issue.path.length > 0 ? `[${JSON.stringify(issue.path[0])}]` : "";
      if (reported.has(at)) continue;
      reported.add(at);
      const inner = issue.code === "invalid_key" ? issue.issues[0] : undefined;
      const shown = inner ? issue.path[0] : issue.path.length > 0 ? (value as Record<string, unknown>)[issue.path[0] as string] : value;
      // A number of the wrong kind (80.5 as a port) keeps its schema's message; 1e309 is Infinity, which JSON prints as null.
      const aNumber = typeof shown === "number";
      const message =
        aNumber && !Number.isFinite(shown)
          ? "is too large to be a number; use a finite number"
          : issue.code === "invalid_type" && !(aNumber && kind === "number")
            ? `expected ${expected}`
            : (inner?.message ?? issue.message);
      problems.push(`${label(key)}${at} = ${aNumber ? String(shown) : JSON.stringify(shown)}: ${message}`);
    }
  }
  const say = (to: string[]) => (key: SettingKey, value: unknown, fix: string) =>
    to.push(`${label(key)}${value === undefined ? "" : ` = ${JSON.stringify(value)}`}: ${fix}`);
  for (const key of ["extraInterfaceEndpoints", "openEndpointPolicies"] as const) {
    const services = values[key] as string[] | undefined;
    if (services && typeof values.region === "string") values[key] = shortServiceNames(key, services, values.region, say(problems));
  }
  crossCheck(values as Partial<SettingValues>, say(problems), say(warnings), (key) => sources[key]?.kind === "default");
  checkNoEffect(
    values as Partial<SettingValues>,
    (key) => sources[key]?.kind !== "default",
    (level, key, fix) => say(level === "error" ? problems : warnings)(key, values[key], fix),
  );

  const v = values as SettingValues;
  const always = alwaysCreatedServices(v);
  for (const service of v.extraInterfaceEndpoints ?? []) {
    if (always.includes(service))
      notes.push(`${label("extraInterfaceEndpoints")}: ${service} is always created in this environment; naming it changes nothing`);
  }
  const state: StateConfig =
    v["state.backend"] === "s3"
      ? { backend: "s3", bucket: v["state.bucket"], region: v["state.region"], keyPrefix: v["state.keyPrefix"] }
      : { backend: "local" };
  const plain = Object.fromEntries(Object.entries(values).filter(([k]) => !k.startsWith("state.")));
  return { name, ...plain, state } as EnvironmentConfig;
}
