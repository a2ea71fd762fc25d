// Writes .terraform-cli/terraformrc for the mirror named by TF_PROVIDER_MIRROR and prints the
// export line, so that cdktf and terraform install the AWS provider without the registry:
//   eval "$(TF_PROVIDER_MIRROR=/opt/tf-plugins npm run -s terraform-rc)"
import * as path from "path";
import { MIRROR_VARIABLE, terraformEnvironment } from "../src/offline/cli-config";
import { runTool, UsageError } from "./run-tool";

const file = path.resolve(__dirname, "..", ".terraform-cli", "terraformrc");

runTool(
  () => {
    if (!process.env[MIRROR_VARIABLE])
      throw new UsageError(`Set ${MIRROR_VARIABLE} to a provider mirror folder (it holds registry.terraform.io/hashicorp/aws/...).`);
    try {
      console.log(`export TF_CLI_CONFIG_FILE=${terraformEnvironment(file).TF_CLI_CONFIG_FILE}`);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  },
  {
    usage: `usage: eval "$(${MIRROR_VARIABLE}=FOLDER npm run -s terraform-rc)": writes .terraform-cli/terraformrc for the provider mirror in FOLDER and prints the export line`,
    flags: [],
  },
);
