import { Annotations, App, TerraformStack } from "cdktf";
import { addEnvironments } from "./src/app";
import { ConfigError, loadProjectConfigFile, projectConfigFile } from "./src/config/load";
import { SELECTED_ENVIRONMENT_CONTEXT } from "./src/stacks/selected-environment";

try {
  const file = projectConfigFile(__dirname);
  const config = loadProjectConfigFile(file.path, process.env, file.shown);
  // On stdout: cdktf shows the app's stdout as it is, and its stderr as [ERROR] lines.
  for (const note of config.notes) console.log(`Note: ${note}`);
  for (const warning of config.warnings) console.log(`Warning: ${warning}`);
  // No stack traces in the manifest: they hold this machine's paths.
  const app = new App({ stackTraces: false, context: { [SELECTED_ENVIRONMENT_CONTEXT]: config.selectedEnvironment } });
  addEnvironments(app, config);
  app.synth();
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  if (process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS) {
    // Run by the cdktf CLI, which prints a failed app's output twice (live, then in its summary):
    // an error annotation it prints once, and then it stops before any terraform command.
    const app = new App({ stackTraces: false });
    Annotations.of(new TerraformStack(app, "configuration")).addError(e.message);
    app.synth();
  } else {
    console.error(e.message);
    process.exit(1);
  }
}
