import { App } from "cdktf";
import * as path from "path";
import { addEnvironments } from "./src/app";
import { ConfigError, loadProjectConfigFile } from "./src/config/load";

const configFile = process.env.MLOPS_CONFIG_FILE ?? path.join(__dirname, "config", "environments.json");

try {
  const config = loadProjectConfigFile(path.relative(process.cwd(), configFile) || configFile);
  // No stack traces in the manifest: they hold this machine's paths.
  const app = new App({ stackTraces: false });
  addEnvironments(app, config);
  app.synth();
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  console.error(e.message);
  process.exit(1);
}
