import * as fs from "fs";
import { SEED_DEFAULTS } from "./defaults";
import { isOfKind, parseVariable, Setting, SETTINGS } from "./settings";
import { EnvironmentConfig, ProjectConfig } from "./types";
import { validateEnvironment } from "./validate";

/** Bad configuration: every problem found, each naming the key, the value and the fix. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration (nothing was synthesized):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

export interface LoadOptions {
  /** The parsed contents of the configuration file. */
  readonly file: unknown;
  /** Where the file came from, for messages. @default "config/environments.json" */
  readonly fileName?: string;
  /** Environment variables; they override the keys of the environment named by `MLOPS_ENV`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Reads `path` (JSON) and loads it; see `loadProjectConfig`. */
export function loadProjectConfigFile(path: string, env = process.env): ProjectConfig {
  let file: unknown;
  try {
    file = JSON.parse(fs.readFileSync(path, "utf8"));
  } catch (e) {
    throw new ConfigError([`${path}: cannot be read as JSON (${(e as Error).message})`]);
  }
  return loadProjectConfig({ file, fileName: path, env });
}

/**
 * Merges each environment of the file over the seed defaults, applies environment-variable
 * overrides to one environment (`MLOPS_ENV`, default: the default environment), and validates
 * everything, throwing one ConfigError that lists every problem.
 */
export function loadProjectConfig(options: LoadOptions): ProjectConfig {
  const fileName = options.fileName ?? "config/environments.json";
  const vars = options.env ?? {};
  const problems: string[] = [];
  const file = (options.file ?? {}) as { defaultEnvironment?: unknown; environments?: unknown };
  for (const key of Object.keys(file).filter((k) => !["defaultEnvironment", "environments", "$comment"].includes(k))) {
    problems.push(`${fileName}: unknown top-level key ${JSON.stringify(key)}; the file holds defaultEnvironment and environments`);
  }
  const entries = Object.entries((file.environments ?? { prod: {} }) as Record<string, unknown>);
  const defaultEnvironment = typeof file.defaultEnvironment === "string" ? file.defaultEnvironment : entries[0]?.[0];
  const names = entries.map(([name]) => name);
  if (!defaultEnvironment || !names.includes(defaultEnvironment)) {
    problems.push(`${fileName}: defaultEnvironment = ${JSON.stringify(file.defaultEnvironment)}: name one of the environments (${names.join(", ")})`);
  }
  const selected = vars.MLOPS_ENV ?? defaultEnvironment;
  if (vars.MLOPS_ENV !== undefined && !names.includes(vars.MLOPS_ENV)) {
    problems.push(`MLOPS_ENV = ${JSON.stringify(vars.MLOPS_ENV)}: name one of the environments (${names.join(", ")})`);
  }

  const environments = entries.map(([name, raw]) => {
    const fromFile = (key: string) => `${fileName} environments.${name}.${key}`;
    const overridden = new Set<string>();
    let merged = mergeFileEntry(name, raw, fromFile, problems);
    if (name === selected) {
      merged = applyVariables(merged, vars, overridden, problems);
    }
    const label = (key: string) => {
      const setting = SETTINGS.find((s) => s.key === key);
      return setting && overridden.has(setting.key) ? `${setting.variable} (${name}.${key})` : fromFile(key);
    };
    problems.push(...validateEnvironment(merged, label));
    return merged;
  });
  // IAM roles, log groups, ALBs and target groups are named by the prefix and must not collide.
  environments.forEach((env, i) => {
    const twin = environments.findIndex((other) => other.namePrefix === env.namePrefix);
    if (twin < i) {
      problems.push(`${fileName} environments.${env.name}.namePrefix = ${JSON.stringify(env.namePrefix)}: environment ${environments[twin].name} uses it too; give each environment its own prefix (its names must not collide)`);
    }
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return { defaultEnvironment: defaultEnvironment!, environments };
}

function mergeFileEntry(name: string, raw: unknown, where: (key: string) => string, problems: string[]): EnvironmentConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    problems.push(`${where("")}: expected an object of settings`);
    return { ...SEED_DEFAULTS, name };
  }
  let merged: EnvironmentConfig = { ...SEED_DEFAULTS, name };
  for (const [key, value] of flatten(raw as Record<string, unknown>)) {
    const setting = SETTINGS.find((s) => s.key === key);
    if (!setting) {
      problems.push(`${where(key)}: unknown key; the keys are ${SETTINGS.map((s) => s.key).join(", ")}`);
    } else if (!isOfKind(setting.kind, value)) {
      problems.push(`${where(key)} = ${JSON.stringify(value)}: expected a ${setting.kind}`);
    } else {
      merged = assign(merged, setting, value);
    }
  }
  return merged;
}

function applyVariables(
  env: EnvironmentConfig,
  vars: Readonly<Record<string, string | undefined>>,
  overridden: Set<string>,
  problems: string[],
): EnvironmentConfig {
  let merged = env;
  for (const setting of SETTINGS) {
    const text = vars[setting.variable];
    if (text === undefined) continue;
    const value = parseVariable(setting.kind, text);
    if (value instanceof TypeError) {
      problems.push(`${setting.variable} = ${JSON.stringify(text)}: ${value.message}`);
      continue;
    }
    overridden.add(setting.key);
    merged = assign(merged, setting, value);
  }
  return merged;
}

/** `{ state: { backend: "s3" } }` → `["state.backend", "s3"]`; other objects (tags) stay whole. */
function flatten(raw: Record<string, unknown>): [string, unknown][] {
  return Object.entries(raw).flatMap(([key, value]): [string, unknown][] =>
    key === "state" && typeof value === "object" && value !== null
      ? Object.entries(value).map(([k, v]): [string, unknown] => [`state.${k}`, v])
      : [[key, value]],
  );
}

function assign(env: EnvironmentConfig, setting: Setting, value: unknown): EnvironmentConfig {
  if (setting.key.startsWith("state.")) {
    const field = setting.key.slice("state.".length);
    return { ...env, state: { ...env.state, [field]: value } as EnvironmentConfig["state"] };
  }
  return { ...env, [setting.key]: value };
}
