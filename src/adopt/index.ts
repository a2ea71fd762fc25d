import { EC2Client } from "@aws-sdk/client-ec2";
import * as fs from "fs";
import * as path from "path";
import { synthEnvironment } from "../app";
import { loadProjectConfigFile, projectConfigFile } from "../config/load";
import { stackNames } from "../config/names";
import { localStateFileName } from "../stacks/state-backend";
import { adoptionPath, adoptionText, ADOPT_DIR } from "../stacks/adoption";
import { lookUpConsoleNetwork } from "./lookup";
import { planAdoption } from "./plan";
import { adoptionReport } from "./plan-report";

/** The command, written once: the CLI is renamed with the project's move to CDK Terrain. */
export const DEPLOY_COMMAND = "npx cdktn deploy";

/** A mistake in what adopt was asked: printed as it is. */
export class AdoptUsageError extends Error {}

export interface AdoptOptions {
  /** The project root, which must be the working directory: the network stack reads `adopt/` from there at synth (as under cdktf). */
  readonly root: string;
  /** The network stack to adopt into: `network`, or `network-<env>`. */
  readonly stack: string;
  readonly print: (line: string) => void;
  /** The user's environment: MLOPS_* settings, AWS credentials and AWS_ENDPOINT_URL. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** The environment whose network stack is `stack`, loaded as the app would load it for that stack. */
function environmentOf(root: string, stack: string, userEnv: NodeJS.ProcessEnv) {
  const file = projectConfigFile(root, userEnv);
  const first = loadProjectConfigFile(file.path, userEnv, file.shown);
  const isDefault = (name: string) => name === first.defaultEnvironment;
  const match = first.environments.find((e) => stackNames(e.name, isDefault(e.name)).network === stack);
  if (!match) {
    const known = first.environments.map((e) => stackNames(e.name, isDefault(e.name)).network);
    throw new AdoptUsageError(`${JSON.stringify(stack)} is not a network stack of ${file.shown}: adopt one of ${known.join(", ")}`);
  }
  const config = loadProjectConfigFile(file.path, { ...userEnv, MLOPS_ENV: match.name }, file.shown);
  return { env: config.environments.find((e) => e.name === match.name)!, isDefault: isDefault(match.name) };
}

/**
 * `npm run adopt -- <stack>`: finds the console network, writes `adopt/<stack>.json`, plans the
 * deploy that imports it and prints what that deploy does to each resource. When the plan would
 * replace or destroy anything the file is taken back (an earlier one restored) and false returned.
 */
export async function adopt(options: AdoptOptions): Promise<boolean> {
  const userEnv = options.env ?? process.env;
  if (fs.realpathSync(options.root) !== fs.realpathSync(process.cwd()))
    throw new Error(`adopt runs in the project root ${options.root}, not in ${process.cwd()}`);
  const { env, isDefault } = environmentOf(options.root, options.stack, userEnv);
  const ec2 = new EC2Client({ region: env.region });
  let adoption;
  try {
    adoption = await lookUpConsoleNetwork(ec2, env, options.stack);
  } finally {
    ec2.destroy();
  }
  const file = adoptionPath(options.root, options.stack);
  const shown = path.join(ADOPT_DIR, `${options.stack}.json`);
  const previous = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, adoptionText(adoption));
  let accepted = false;
  try {
    options.print(
      `Found the console network of environment ${env.name} in ${env.region}: VPC ${adoption.vpcId}, ${adoption.resources.length} resources to import.`,
    );
    options.print(
      `Planning the next ${DEPLOY_COMMAND} ${options.stack} against the account (terraform plan with the import blocks; nothing is changed)…`,
    );
    const stackJson = synthEnvironment(env, isDefault).network;
    const localStateFile = env.state.backend === "local" ? path.join(options.root, localStateFileName(options.stack)) : undefined;
    const report = adoptionReport(await planAdoption({ stackJson, localStateFile, env: userEnv }), adoption);
    for (const line of report.lines) options.print(`  ${line}`);
    for (const line of adoption.leftAlone) options.print(`  ${"left alone".padEnd(24)}${line}`);
    if (report.refusals.length) {
      options.print(`Refused: that deploy would replace or destroy what the console built. Align the configuration and run adopt again:`);
      for (const r of report.refusals) options.print(`  - ${r}`);
      return false;
    }
    const { import: imported, update, create } = report.counts;
    options.print(
      `${shown} written: ${DEPLOY_COMMAND} ${options.stack} imports ${imported} resources (${update} of them changed in place, as listed), creates ${create}, replaces and destroys nothing.`,
    );
    options.print(`Review it, commit it, then deploy. To undo before deploying, delete it; after, see docs/adopt.md.`);
    accepted = true;
    return true;
  } finally {
    if (!accepted) {
      if (previous === undefined) fs.rmSync(file, { force: true });
      else fs.writeFileSync(file, previous);
      if (previous === undefined && fs.readdirSync(path.dirname(file)).length === 0) fs.rmdirSync(path.dirname(file));
    }
  }
}
