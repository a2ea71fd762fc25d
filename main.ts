import { App } from "cdktn";
import { addEnvironments } from "./src/app";
import { reportToCli } from "./src/config/cli-error-report";
import { ConfigError, loadProjectConfigFile, projectConfigFile } from "./src/config/load";
import { SELECTED_ENVIRONMENT_CONTEXT } from "./src/stacks/selected-environment";

try {
  const file = projectConfigFile(__dirname);
  const config = loadProjectConfigFile(file.path, process.env, file.shown);
  // On stdout: the CLI shows the app's stdout as it is, and its stderr as [ERROR] lines.
  for (const note of config.notes) console.log(`Note: ${note}`);
  for (const warning of config.warnings) console.log(`Warning: ${warning}`);
  // No stack traces in the manifest: they hold this machine's paths.
  const app = new App({ stackTraces: false, context: { [SELECTED_ENVIRONMENT_CONTEXT]: config.selectedEnvironment } });
  addEnvironments(app, config);
  app.synth();
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  // Both are set by the CLI for the app it runs (cdktn-cli keeps cdktf-cli's CDKTF_ names).
  const outdir = process.env.CDKTF_OUTDIR;
  if (outdir && process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS) {
    reportToCli(outdir, e.message);
  } else {
    console.error(e.message);
    process.exit(1);
  }
}
