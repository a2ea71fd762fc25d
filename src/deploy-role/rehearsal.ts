import * as fs from "fs";
import { EnvironmentConfig } from "../config/types";
import { ClientSettings } from "../rehearsal/inventory";
import { deployPolicy, RecordedActions } from "./deploy-policy";
import { AccessKey, createPrincipals, enforceIam, startRecording } from "./emulator-principals";
import { emulatorPolicy, PolicyDocument } from "./policy-document";
import { recordedActions } from "./recorded-requests";

/**
 * How a rehearsal uses the deploy role: `enforce` deploys with the generated policy's actions only;
 * `record` deploys with every action allowed and writes the deployer's requests, as IAM actions,
 * into the evidence file under `label` (moto records to `recording`, set when it started).
 */
export type DeployRoleMode =
  | { readonly mode: "enforce" }
  | { readonly mode: "record"; readonly evidence: string; readonly label: string; readonly command: string };

export interface DeployRoleRehearsal {
  /** For the rehearsal's own checks and tools. */
  readonly operator: AccessKey;
  /** The environment of the commands that deploy, plan and destroy the project's stacks. */
  readonly deployEnv: Record<string, string>;
  /** What the report says first. */
  readonly summary: string;
  /** After the lifecycle: writes the evidence (record mode) when every stage passed. */
  finish(complete: boolean): Promise<string | undefined>;
}

/** The evidence the policy is generated from: src/deploy-role/recorded-actions.json. */
export function readRecordedActions(file: string): RecordedActions {
  return JSON.parse(fs.readFileSync(file, "utf8")) as RecordedActions;
}

export async function rehearseDeployRole(
  how: DeployRoleMode,
  env: EnvironmentConfig,
  stacks: { readonly network: string; readonly demoAlb: string },
  clients: ClientSettings,
  evidenceFile: string,
  recording: string,
): Promise<DeployRoleRehearsal> {
  const everything: PolicyDocument = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
  const policy =
    how.mode === "enforce" ? emulatorPolicy((await deployPolicy(env, stacks, readRecordedActions(evidenceFile))).policy) : everything;
  const { deployer, operator } = await createPrincipals(clients, policy);
  await enforceIam(clients.endpoint);
  if (how.mode === "record") await startRecording(clients.endpoint);
  const allowed = [policy.Statement[0].Action].flat().length;
  return {
    operator,
    deployEnv: { AWS_ACCESS_KEY_ID: deployer.accessKeyId, AWS_SECRET_ACCESS_KEY: deployer.secretAccessKey },
    summary:
      how.mode === "enforce"
        ? `  IAM enforced: cdktf and terraform deploy as an IAM user with the deploy policy's ${allowed} actions (npm run deploy-policy), on Resource "*" and without conditions (what moto checks)`
        : `  IAM enforced, every action allowed: the deployer's requests are recorded into ${how.evidence} as "${how.label}"`,
    finish: async (complete) => {
      if (how.mode !== "record") return undefined;
      if (!complete) return `  nothing recorded into ${how.evidence}: a stage failed, so the deployer's requests are not the whole lifecycle`;
      const actions = recordedActions(fs.readFileSync(recording, "utf8"), deployer.accessKeyId);
      const evidence = fs.existsSync(how.evidence) ? readRecordedActions(how.evidence) : { runs: {} };
      const runs = { ...evidence.runs, [how.label]: { date: new Date().toISOString().slice(0, 10), command: how.command, actions } };
      const sorted = Object.fromEntries(Object.keys(runs).sort().map((k) => [k, runs[k]]));
      fs.writeFileSync(how.evidence, JSON.stringify({ ...evidence, runs: sorted }, null, 2) + "\n");
      return `  recorded ${actions.length} actions of the deployer into ${how.evidence} ("${how.label}")`;
    },
  };
}
