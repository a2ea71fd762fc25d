import * as path from "path";
import { loadProjectConfigFile, projectConfigFile } from "../src/config/load";
import { synthEnvironment } from "../src/app";

/**
 * The environment a tool works on, as the app would build it: MLOPS_CONFIG_FILE (default
 * config/environments.json), MLOPS_ENV (default: the default environment) and the overrides.
 */
export function selectedEnvironment() {
  const file = projectConfigFile(path.join(__dirname, ".."));
  const config = loadProjectConfigFile(file.path, process.env, file.shown);
  for (const note of config.notes) console.error(`Note: ${note}`);
  for (const warning of config.warnings) console.error(`Warning: ${warning}`);
  const env = config.environments.find((e) => e.name === config.selectedEnvironment)!;
  const isDefault = env.name === config.defaultEnvironment;
  return { env, isDefault, stacks: synthEnvironment(env, isDefault) };
}
