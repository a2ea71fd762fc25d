import * as path from "path";
import { loadProjectConfigFile } from "../src/config/load";
import { synthEnvironment } from "../src/synth-in-memory";

/**
 * The environment a tool works on, as the app would build it: MLOPS_CONFIG_FILE (default
 * config/environments.json), MLOPS_ENV (default: the default environment) and the overrides.
 */
export function selectedEnvironment() {
  const config = loadProjectConfigFile(process.env.MLOPS_CONFIG_FILE ?? path.join(__dirname, "..", "config", "environments.json"));
  const env = config.environments.find((e) => e.name === (process.env.MLOPS_ENV ?? config.defaultEnvironment))!;
  const isDefault = env.name === config.defaultEnvironment;
  return { env, isDefault, stacks: synthEnvironment(env, isDefault) };
}
