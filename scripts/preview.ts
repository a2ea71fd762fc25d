// npm run preview: what `cdktf deploy` would create, without an AWS account. Plans both stacks of
// the default environment (MLOPS_ENV picks another) offline and summarizes them.
import * as os from "os";
import * as path from "path";
import { formatPreview, previewEnvironment } from "../src/tools/preview";
import { selectedEnvironment } from "./selected-environment";
import { runTool } from "./run-tool";

runTool(() => {
  const { env, stacks } = selectedEnvironment();
  const previews = previewEnvironment(stacks, path.join(os.tmpdir(), "mlops-network-preview"));
  console.log(formatPreview(env, previews));
});
