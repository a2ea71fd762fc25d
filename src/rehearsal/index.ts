import * as path from "path";
import { loadProjectConfigFile, projectConfigFile } from "../config/load";
import { stackNames } from "../config/names";
import { CommandRunner } from "./commands";
import { demoDomainSettings } from "./demo-domain";
import { EMULATOR_CREDENTIALS } from "./emulator";
import { PULL_THROUGH_CACHE } from "./emulator-gaps";
import { runLifecycle } from "./lifecycle";
import { inSandbox, summary } from "./sandbox";
import { formatStage, StageRunner } from "./stages";
import { copyProject } from "./workspace";
import { DEPLOY_EVIDENCE } from "../deploy-role/deploy-policy";
import { DeployRoleMode, rehearseDeployRole } from "./deploy-role";
import { ConsoleEgress, rehearseAdoption } from "./adoption";

export { RehearsalError } from "./emulator";
export { stopRehearsal } from "./sandbox";
export { rehearseSharedAccount } from "./shared-account";

export interface RehearsalOptions {
  /** The project to rehearse (its work tree is copied; nothing in it is written). */
  readonly root: string;
  /** Environment to rehearse. @default the configuration's default environment */
  readonly envName?: string;
  readonly print: (line: string) => void;
  /** Where the rehearsal's temp folder goes. @default os.tmpdir() */
  readonly tmpdir?: string;
  /** Skip every stage after the first failure. @default false */
  readonly failFast?: boolean;
  /** Put the demo on this name (a hosted zone for its parent domain is made in the emulator). @default HTTP-only demo */
  readonly demoDomain?: string;
  /** Deploy as the deploy role while moto enforces IAM (docs/ci-deploy.md). @default the emulator's any-key credentials */
  readonly deployRole?: DeployRoleMode;
  /** First build the walkthrough's network the console way and adopt it (npm run adopt): the lifecycle then runs on the adopted network. @default none */
  readonly adopt?: ConsoleEgress;
}

/** The lifecycle of one environment against an emulator; true when every stage passed or was skipped with its reason. */
export async function rehearse(options: RehearsalOptions): Promise<boolean> {
  const started = Date.now();
  const userEnv = { ...process.env, ...(options.envName ? { MLOPS_ENV: options.envName } : {}) };
  const file = projectConfigFile(options.root, userEnv);
  const load = (extra: Record<string, string> = {}) => {
    const config = loadProjectConfigFile(file.path, { ...userEnv, ...extra }, file.shown);
    const env = config.environments.find((e) => e.name === config.selectedEnvironment)!;
    return { env, stacks: stackNames(env.name, env.name === config.defaultEnvironment) };
  };
  // A configuration error stops the rehearsal before any emulator starts.
  const { stacks } = load();

  const recordingOf = (tmp: string) => path.join(tmp, "moto-recording.jsonl");
  const recordingEnv = (tmp: string): Record<string, string> =>
    options.deployRole?.mode === "record" ? { MOTO_RECORDER_FILEPATH: recordingOf(tmp) } : {};
  return inSandbox(
    userEnv,
    options.tmpdir,
    async ({ tmp, emulator, childEnv: base }) => {
      const recording = recordingOf(tmp);
      const clients = { region: load().env.region, endpoint: emulator.url, credentials: EMULATOR_CREDENTIALS };
      const domain = options.demoDomain ? await demoDomainSettings(options.demoDomain, clients) : {};
      const { env } = load(domain);
      const workspace = copyProject(options.root, path.join(tmp, "project"));
      const role = options.deployRole
        ? await rehearseDeployRole(options.deployRole, env, stacks, clients, path.join(workspace, DEPLOY_EVIDENCE), recording)
        : undefined;
      const credentials = role?.operator ?? EMULATOR_CREDENTIALS;
      const childEnv: NodeJS.ProcessEnv = {
        ...base,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        MLOPS_ENV: env.name,
        ...domain,
        // State stays in the project copy, whatever backend the environment uses for real.
        ...(env.state.backend === "local" ? {} : { MLOPS_STATE_BACKEND: "local" }),
        ...(env.ecrPullThroughCache ? { MLOPS_ECR_PULL_THROUGH_CACHE: "false" } : {}),
      };
      options.print(
        `Rehearsing environment ${env.name} (stacks ${stacks.network}, ${stacks.demoAlb}) against ${emulator.url} (${emulator.origin})`,
      );
      if (options.demoDomain)
        options.print(`  the demo on https://${options.demoDomain} (hosted zone ${domain.MLOPS_DEMO_HOSTED_ZONE_ID} made in the emulator)`);
      if (env.state.backend !== "local")
        options.print(`  note: state is kept locally in the rehearsal's copy, not in the S3 backend of ${env.name}`);
      if (role) options.print(role.summary);
      const cacheSkipped = env.ecrPullThroughCache;
      if (cacheSkipped) options.print(`  skipped (emulator): ${PULL_THROUGH_CACHE.behaviour} (${PULL_THROUGH_CACHE.source})`);
      const runner = new CommandRunner(childEnv);
      const stages = new StageRunner((r) => options.print(formatStage(r)), options.failFast);
      const afterNetworkDeploy = options.adopt
        ? await rehearseAdoption({ env, stack: stacks.network, workspace, clients, runner, stages, egress: options.adopt })
        : undefined;
      if (!options.adopt || afterNetworkDeploy)
        await runLifecycle({
          env: { ...env, ecrPullThroughCache: false, state: { backend: "local" } },
          stacks,
          workspace,
          emulator,
          runner,
          stages,
          pullThroughCacheSkipped: cacheSkipped,
          credentials,
          deployEnv: role?.deployEnv,
          eksSkipped: role?.eksSkipped,
          afterNetworkDeploy,
        });

      options.print(summary(env.name, started, runner, stages, cacheSkipped ? 1 : 0));
      const passed = stages.results.every((r) => r.status !== "fail");
      const recorded = await role?.finish(passed);
      if (recorded) options.print(recorded);
      return passed;
    },
    recordingEnv,
  );
}
