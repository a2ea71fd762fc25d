import { App } from "cdktf";
import { addEnvironments } from "./src/app";
import { ConfigError, loadProjectConfigFile, projectConfigFile } from "./src/config/load";

try {
  const file = projectConfigFile(__dirname);
  const config = loadProjectConfigFile(file.path, process.env, file.shown);
  for (const note of config.notes) console.error(`Note: ${note}`);
  // No stack traces in the manifest: they hold this machine's paths.
  const app = new App({ stackTraces: false });
  addEnvironments(app, config);
  app.synth();
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  console.error(e.message);
  process.exit(1);
}
