// npm run deploy-policy: the IAM policy of the role CI deploys with (docs/ci-deploy.md), as JSON on
// stdout, for the selected environment (MLOPS_ENV, default the default environment): the actions
// recorded from the rehearsal's deployer (src/deploy-role/recorded-actions.json) and the implied
// ones (src/deploy-role/implied-actions.ts), scoped by the IAM data's resource types. `--plan`: the
// read-only role of pull-request plans. `--trust OWNER/REPO`: the role's trust policy instead (GitHub OIDC).
import * as path from "path";
import { loadProjectConfigFile, projectConfigFile } from "../src/config/load";
import { stackNames } from "../src/config/names";
import { DEPLOY_EVIDENCE, deployPolicy, readRecordedActions } from "../src/deploy-role/deploy-policy";
import { RoleUse, trustPolicy } from "../src/deploy-role/trust-policy";
import { runTool, UsageError } from "./run-tool";

const USAGE = "usage: [MLOPS_ENV=NAME] npm run -s deploy-policy [-- [--plan] [--trust OWNER/REPO]]";

runTool(
  async () => {
    const args = process.argv.slice(2);
    let use: RoleUse = "deploy";
    let repository: string | undefined;
    for (let i = 0; i < args.length; i++) {
      if (args[i] === "--plan") use = "plan";
      else if (args[i] === "--trust" && args[i + 1]) repository = args[++i];
      else throw new UsageError(`unknown argument ${JSON.stringify(args[i])}: ${USAGE}`);
    }
    const root = path.join(__dirname, "..");
    const file = projectConfigFile(root);
    const config = loadProjectConfigFile(file.path, process.env, file.shown);
    const env = config.environments.find((e) => e.name === config.selectedEnvironment)!;
    if (repository !== undefined) {
      try {
        return void console.log(JSON.stringify(trustPolicy(repository, env.accountId, env.region, env.name, use), null, 2));
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
    }
    const stacks = stackNames(env.name, env.name === config.defaultEnvironment);
    const { policy, notes } = await deployPolicy(env, stacks, readRecordedActions(path.join(root, DEPLOY_EVIDENCE)), use);
    for (const note of notes) console.error(`Note: ${note}`);
    console.log(JSON.stringify(policy, null, 2));
  },
  { usage: USAGE },
);
