import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadProjectConfigFile, projectConfigFile } from "../config/load";
import { stackNames } from "../config/names";
import { terraformEnvironment } from "../offline/cli-config";
import { CommandRunner } from "./commands";
import { demoDomainSettings } from "./demo-domain";
import { Emulator, EMULATOR_CREDENTIALS, startEmulator } from "./emulator";
import { PULL_THROUGH_CACHE } from "./emulator-gaps";
import { runLifecycle } from "./lifecycle";
import { formatStage, StageRunner } from "./stages";
import { copyProject } from "./workspace";

export { RehearsalError } from "./emulator";

/** Credentials and settings that must never reach a rehearsal: it talks to the emulator only. */
const USER_AWS_SETTINGS = [
  "AWS_PROFILE",
  "AWS_DEFAULT_PROFILE",
  "AWS_SESSION_TOKEN",
  "AWS_ROLE_ARN",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
];

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
}

/** Cleanup for Ctrl-C: the running rehearsal's emulator and temp folder. */
let cleanup: (() => Promise<void>) | undefined;
export const stopRehearsal = () => cleanup?.() ?? Promise.resolve();

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

  const tmp = fs.mkdtempSync(path.join(options.tmpdir ?? os.tmpdir(), "mlops-rehearsal-"));
  let emulator: Emulator | undefined;
  cleanup = async () => {
    cleanup = undefined;
    await emulator?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  try {
    // A requested certificate turns ISSUED at once instead of after moto's default 60 s.
    emulator = await startEmulator({ ...process.env, MOTO_ACM_VALIDATION_WAIT: "0" }, path.join(tmp, "moto.log"));
    const clients = { region: load().env.region, endpoint: emulator.url, credentials: EMULATOR_CREDENTIALS };
    const domain = options.demoDomain ? await demoDomainSettings(options.demoDomain, clients) : {};
    const { env } = load(domain);
    const workspace = copyProject(options.root, path.join(tmp, "project"));
    const childEnv: NodeJS.ProcessEnv = {
      ...Object.fromEntries(Object.entries(userEnv).filter(([k]) => !USER_AWS_SETTINGS.includes(k))),
      ...terraformEnvironment(path.join(tmp, "terraformrc")),
      AWS_ENDPOINT_URL: emulator.url,
      AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
      AWS_CONFIG_FILE: path.join(tmp, "no-aws-config"),
      AWS_SHARED_CREDENTIALS_FILE: path.join(tmp, "no-aws-credentials"),
      AWS_EC2_METADATA_DISABLED: "true",
      CHECKPOINT_DISABLE: "1",
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
    const cacheSkipped = env.ecrPullThroughCache;
    if (cacheSkipped) options.print(`  skipped (emulator): ${PULL_THROUGH_CACHE.behaviour} (${PULL_THROUGH_CACHE.source})`);
    const runner = new CommandRunner(childEnv);
    const stages = new StageRunner((r) => options.print(formatStage(r)), options.failFast);
    await runLifecycle({
      env: { ...env, ecrPullThroughCache: false, state: { backend: "local" } },
      stacks,
      workspace,
      emulator,
      runner,
      stages,
      pullThroughCacheSkipped: cacheSkipped,
    });

    const wall = (Date.now() - started) / 1000;
    const { union, sum } = runner.timeInCommands();
    const count = (s: string) => stages.results.filter((r) => r.status === s).length;
    const emulatorSkips = stages.results.reduce((n, r) => n + (r.emulatorSkips ?? 0), 0) + (cacheSkipped ? 1 : 0);
    options.print(
      `rehearsal ${env.name}: ${count("pass")} passed, ${count("fail")} failed, ${count("skip")} skipped in ${wall.toFixed(1)} s ` +
        (emulatorSkips ? `(${emulatorSkips} checks inside stages skipped for the emulator gaps named above) ` : "") +
        `(cdktn and terraform ran ${union.toFixed(1)} s of it, ${sum.toFixed(1)} s in sum side by side; the rehearsal's own share ${((100 * (wall - union)) / wall).toFixed(1)} %)`,
    );
    return count("fail") === 0;
  } finally {
    await cleanup?.();
  }
}
