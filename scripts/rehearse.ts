// npm run rehearse [-- --env NAME]: the README's lifecycle (deploy the network, the demo ALB and the
// EKS hand-off, verify, destroy the demo, a refused protected destroy, the teardown) against a local
// AWS API emulator: moto_server on a free loopback port, or the one AWS_ENDPOINT_URL names. With
// --shared-account: the default environment and another (--env) in one account instead. Nothing
// of the project or the user's state is written; exits 1 when a stage fails.
import * as path from "path";
import { loadProjectConfigFile, projectConfigFile } from "../src/config/load";
import { DEPLOY_EVIDENCE } from "../src/deploy-role/deploy-policy";
import { rehearse, rehearseSharedAccount, RehearsalError, stopRehearsal } from "../src/rehearsal";
import { DeployRoleMode } from "../src/rehearsal/deploy-role";
import { IAM_GAPS } from "../src/rehearsal/iam-gaps";
import { runTool, UsageError } from "./run-tool";
import { ConsoleEgress, CONSOLE_EGRESS } from "../src/rehearsal/adoption";

const USAGE =
  "usage: npm run rehearse [-- [--env NAME] [--demo-domain NAME] [--fail-fast] " +
  `[--deploy-role | --record-deploy-actions | --adopt ${CONSOLE_EGRESS.join("|")}]], ` +
  "or npm run rehearse -- --shared-account [--env NAME] [--fail-fast]";

/** --record-deploy-actions keeps one entry per environment and demo setting in the evidence file. */
function deployRoleMode(how: "enforce" | "record", root: string, args: string[]): DeployRoleMode {
  if (how === "enforce") return { mode: "enforce" };
  const vars = { ...process.env, ...(envNameOf(args) ? { MLOPS_ENV: envNameOf(args) } : {}) };
  const file = projectConfigFile(root, vars);
  const config = loadProjectConfigFile(file.path, vars, file.shown);
  const label = config.selectedEnvironment + (args.includes("--demo-domain") ? " with a demo domain" : "");
  return { mode: "record", evidence: path.join(root, DEPLOY_EVIDENCE), label, command: `npm run rehearse -- ${args.join(" ")}` };
}

const envNameOf = (args: string[]) => (args.includes("--env") ? args[args.indexOf("--env") + 1] : undefined);

runTool(
  async () => {
    // The pinned SDK runs on every Node the project supports; its notice about future SDK releases is for whoever upgrades it.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
    const args = process.argv.slice(2);
    let envName: string | undefined;
    let failFast = false;
    let demoDomain: string | undefined;
    let sharedAccount = false;
    let deployRole: "enforce" | "record" | undefined;
    let adopt: ConsoleEgress | undefined;
    for (let i = 0; i < args.length; i++) {
      if (args[i] === "--env" && args[i + 1]) envName = args[++i];
      else if (args[i] === "--fail-fast") failFast = true;
      else if (args[i] === "--demo-domain" && args[i + 1]) demoDomain = args[++i];
      else if (args[i] === "--shared-account") sharedAccount = true;
      else if (args[i] === "--deploy-role" && !deployRole) deployRole = "enforce";
      else if (args[i] === "--record-deploy-actions" && !deployRole) deployRole = "record";
      else if (args[i] === "--adopt" && CONSOLE_EGRESS.includes(args[i + 1] as ConsoleEgress)) adopt = args[++i] as ConsoleEgress;
      else throw new UsageError(`unknown argument ${JSON.stringify(args[i])}: ${USAGE}`);
    }
    if (adopt && (sharedAccount || deployRole))
      throw new UsageError(
        `--adopt rehearses the adoption as the emulator's administrator: rehearse it apart from --shared-account and the deploy-role flags. ${USAGE}`,
      );
    if (sharedAccount && (demoDomain || deployRole))
      throw new UsageError(
        `--shared-account deploys the two networks only, as the emulator's administrator: leave out --demo-domain and the deploy-role flags. ${USAGE}`,
      );
    if (deployRole === "enforce" && demoDomain)
      throw new UsageError(
        `--deploy-role with --demo-domain: ${IAM_GAPS.restGetSignature.behaviour}. Rehearse the role without --demo-domain.`,
      );
    try {
      const root = path.join(__dirname, "..");
      const common = { root, envName, failFast, print: (line: string) => console.log(line) };
      const ok = sharedAccount
        ? await rehearseSharedAccount(common)
        : await rehearse({ ...common, demoDomain, adopt, deployRole: deployRole && deployRoleMode(deployRole, root, args) });
      if (!ok) process.exitCode = 1;
    } catch (e) {
      if (e instanceof RehearsalError) throw new UsageError(e.message);
      throw e;
    }
  },
  { usage: USAGE, onSignal: stopRehearsal },
);
