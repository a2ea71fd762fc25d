import * as fs from "fs";
import { EnvironmentConfig } from "../config/types";
import { EmulatorGap } from "./emulator-gaps";
import { ClientSettings } from "./inventory";
import { deployPolicy, readRecordedActions } from "../deploy-role/deploy-policy";
import { AccessKey, createPrincipals, enforceIam, startRecording } from "./deploy-role-principals";
import { IAM_GAPS } from "./iam-gaps";
import { emulatorPolicy } from "../deploy-role/policy-json";
import { recordedActions } from "../deploy-role/recorded-requests";

/**
 * How a rehearsal uses the deploy role: `enforce` deploys with the generated policy's actions only,
 * moto enforcing IAM; `record` deploys without enforcement (moto would refuse the GETs of REST
 * services: IAM_GAPS.restGetSignature) and writes the deployer's requests, told apart by its access
 * key and read as IAM actions, into the evidence file under `label` (moto records to `recording`).
 */
export type DeployRoleMode =
  { readonly mode: "enforce" } | { readonly mode: "record"; readonly evidence: string; readonly label: string; readonly command: string };

export interface DeployRoleRehearsal {
  /** For the rehearsal's own checks and tools. */
  readonly operator: AccessKey;
  /** The environment of the commands that deploy, plan and destroy the project's stacks. */
  readonly deployEnv: Record<string, string>;
  /** The EKS hand-off example cannot run under enforcement: skipped with this reason. */
  readonly eksSkipped?: EmulatorGap;
  /** What the report says first. */
  readonly summary: string;
  /** After the lifecycle: writes the evidence (record mode) when every stage passed. */
  finish(complete: boolean): Promise<string | undefined>;
}

/** The deployer of a recording: moto accepts any key when it does not enforce IAM, and the recorder keeps each request's key. */
const RECORDED_DEPLOYER: AccessKey = { accessKeyId: "rehearsal-deployer", secretAccessKey: "rehearsal" };

export async function rehearseDeployRole(
  how: DeployRoleMode,
  env: EnvironmentConfig,
  stacks: { readonly network: string; readonly demoAlb: string },
  clients: ClientSettings,
  evidenceFile: string,
  recording: string,
): Promise<DeployRoleRehearsal> {
  if (how.mode === "record") {
    await startRecording(clients.endpoint);
    const deployer = RECORDED_DEPLOYER;
    return {
      operator: clients.credentials,
      deployEnv: { AWS_ACCESS_KEY_ID: deployer.accessKeyId, AWS_SECRET_ACCESS_KEY: deployer.secretAccessKey },
      summary: `  recording: the deployer's requests go into ${how.evidence} as "${how.label}" (IAM not enforced)`,
      finish: async (complete) => {
        if (!complete)
          return `  nothing recorded into ${how.evidence}: a stage failed, so the deployer's requests are not the whole lifecycle`;
        const actions = recordedActions(fs.readFileSync(recording, "utf8"), deployer.accessKeyId);
        const evidence = fs.existsSync(how.evidence) ? readRecordedActions(how.evidence) : { runs: {} };
        const runs = { ...evidence.runs, [how.label]: { date: new Date().toISOString().slice(0, 10), command: how.command, actions } };
        const sorted = Object.fromEntries(
          Object.keys(runs)
            .sort()
            .map((k) => [k, runs[k]]),
        );
        fs.writeFileSync(how.evidence, JSON.stringify({ ...evidence, runs: sorted }, null, 2) + "\n");
        return `  recorded ${actions.length} actions of the deployer into ${how.evidence} ("${how.label}")`;
      },
    };
  }
  const policy = emulatorPolicy((await deployPolicy(env, stacks, readRecordedActions(evidenceFile))).policy);
  const { deployer, operator } = await createPrincipals(clients, policy);
  await enforceIam(clients.endpoint);
  const allowed = [policy.Statement[0].Action].flat().length;
  const gaps = Object.values(IAM_GAPS).map((g) => `  not rehearsed (emulator): ${g.behaviour} (${g.source})`);
  return {
    operator,
    deployEnv: { AWS_ACCESS_KEY_ID: deployer.accessKeyId, AWS_SECRET_ACCESS_KEY: deployer.secretAccessKey },
    summary: [
      `  IAM enforced: cdktn and terraform deploy as an IAM user holding only the deploy policy's ${allowed} actions (npm run deploy-policy)`,
      ...gaps,
    ].join("\n"),
    eksSkipped: IAM_GAPS.restGetSignature,
    finish: async () => undefined,
  };
}
