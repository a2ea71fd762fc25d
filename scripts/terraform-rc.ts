// Writes .terraform-cli/terraformrc for the mirror named by TF_PROVIDER_MIRROR and prints the
// export line, so that cdktf and terraform install the AWS provider without the registry:
//   eval "$(TF_PROVIDER_MIRROR=/opt/tf-plugins npm run -s terraform-rc)"
import * as path from "path";
import { MIRROR_VARIABLE, terraformEnvironment } from "../src/offline/cli-config";

const file = path.resolve(__dirname, "..", ".terraform-cli", "terraformrc");
if (!process.env[MIRROR_VARIABLE]) {
  console.error(`Set ${MIRROR_VARIABLE} to a provider mirror folder (it holds registry.terraform.io/hashicorp/aws/...).`);
  process.exit(1);
}
try {
  const env = terraformEnvironment(file);
  console.log(`export TF_CLI_CONFIG_FILE=${env.TF_CLI_CONFIG_FILE}`);
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
