// npm run deploy-policy: the IAM policy of the role CI deploys with (docs/ci-deploy.md), as JSON on
// stdout, for the selected environment (MLOPS_ENV, default the default environment): the actions
// recorded from the rehearsal's deployer (src/deploy-role/recorded-actions.json) and the implied
// ones (src/deploy-role/implied-actions.ts), scoped by the IAM data's resource types. Notes go to stderr.
import * as path from "path";
import { loadProjectConfigFile, projectConfigFile } from "../src/config/load";
import { stackNames } from "../src/config/names";
import { DEPLOY_EVIDENCE, deployPolicy, readRecordedActions } from "../src/deploy-role/deploy-policy";
import { runTool, UsageError } from "./run-tool";

const USAGE = "usage: [MLOPS_ENV=NAME] npm run -s deploy-policy   (the deploy role's policy as JSON on stdout)";

runTool(
  async () => {
    const unknown = process.argv.slice(2);
    if (unknown.length) throw new UsageError(`unknown argument ${JSON.stringify(unknown[0])}: ${USAGE}`);
    const root = path.join(__dirname, "..");
    const file = projectConfigFile(root);
    const config = loadProjectConfigFile(file.path, process.env, file.shown);
    const env = config.environments.find((e) => e.name === config.selectedEnvironment)!;
    const stacks = stackNames(env.name, env.name === config.defaultEnvironment);
    const { policy, notes } = await deployPolicy(env, stacks, readRecordedActions(path.join(root, DEPLOY_EVIDENCE)));
    for (const note of notes) console.error(`Note: ${note}`);
    console.log(JSON.stringify(policy, null, 2));
  },
  { usage: USAGE },
);
