// npm run preview: what `cdktf deploy` would create, without an AWS account. Plans both stacks of
// the default environment (MLOPS_ENV picks another) offline and summarizes them.
import * as os from "os";
import * as path from "path";
import { loadProjectConfigFile } from "../src/config/load";
import { formatPreview, previewEnvironment } from "../src/tools/preview";
import { runTool } from "./run-tool";

runTool(() => {
  const config = loadProjectConfigFile(path.join(__dirname, "..", "config", "environments.json"));
  const env = config.environments.find((e) => e.name === (process.env.MLOPS_ENV ?? config.defaultEnvironment))!;
  const previews = previewEnvironment(env, env.name === config.defaultEnvironment, path.join(os.tmpdir(), "mlops-network-preview"));
  console.log(formatPreview(env, previews));
});
