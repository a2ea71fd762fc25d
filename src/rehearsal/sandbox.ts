import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MIRROR_VARIABLE, terraformEnvironment } from "../offline/cli-config";
import { CommandRunner } from "./commands";
import { Emulator, EMULATOR_CREDENTIALS, startEmulator } from "./emulator";
import { StageRunner } from "./stages";

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

/** What a rehearsal runs in: its temp folder, the emulator, and the environment its commands get. */
export interface Sandbox {
  readonly tmp: string;
  readonly emulator: Emulator;
  /** The user's variables without their AWS credentials and settings, pointed at the emulator. */
  readonly childEnv: NodeJS.ProcessEnv;
}

/** Cleanup for Ctrl-C: the running rehearsal's emulator and temp folder. */
let cleanup: (() => Promise<void>) | undefined;
export const stopRehearsal = () => cleanup?.() ?? Promise.resolve();

/**
 * Runs `body` with a temp folder (under `tmpdir`) and an emulator, both removed afterwards, on
 * failure and on Ctrl-C (stopRehearsal) too. `emulatorEnv` adds settings of the emulator's own,
 * given the temp folder (the deploy role's request recording goes there).
 */
export async function inSandbox<T>(
  userEnv: NodeJS.ProcessEnv,
  tmpdir: string | undefined,
  body: (s: Sandbox) => Promise<T>,
  emulatorEnv: (tmp: string) => Record<string, string> = () => ({}),
): Promise<T> {
  const tmp = fs.mkdtempSync(path.join(tmpdir ?? os.tmpdir(), "mlops-rehearsal-"));
  let emulator: Emulator | undefined;
  cleanup = async () => {
    cleanup = undefined;
    await emulator?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  try {
    // A requested certificate turns ISSUED at once instead of after moto's default 60 s.
    emulator = await startEmulator({ ...process.env, MOTO_ACM_VALIDATION_WAIT: "0", ...emulatorEnv(tmp) }, path.join(tmp, "moto.log"));
    // The commands' own temp files (npm keeps a compile cache there on Node 22+) go with the rehearsal's folder.
    const childTmp = path.join(tmp, "tmp");
    fs.mkdirSync(childTmp);
    const childEnv: NodeJS.ProcessEnv = {
      ...Object.fromEntries(Object.entries(userEnv).filter(([k]) => !USER_AWS_SETTINGS.includes(k))),
      TMPDIR: childTmp,
      ...terraformEnvironment(path.join(tmp, "terraformrc"), userEnv),
      AWS_ENDPOINT_URL: emulator.url,
      AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
      AWS_CONFIG_FILE: path.join(tmp, "no-aws-config"),
      AWS_SHARED_CREDENTIALS_FILE: path.join(tmp, "no-aws-credentials"),
      AWS_EC2_METADATA_DISABLED: "true",
      CHECKPOINT_DISABLE: "1",
      // The CLI points terraform at one plugin cache per user (~/.terraform.d/plugin-cache), which two
      // rehearsals side by side would install into at once ("failed to create directory"). With a
      // mirror there is nothing to cache: terraform links the mirror's unpacked provider instead.
      ...(userEnv[MIRROR_VARIABLE] ? { CDKTF_DISABLE_PLUGIN_CACHE_ENV: "true", TF_PLUGIN_CACHE_DIR: undefined } : {}),
    };
    return await body({ tmp, emulator, childEnv });
  } finally {
    await cleanup?.();
  }
}

/** The closing line: counts, wall time, and how much of it the tools ran. */
export function summary(what: string, started: number, runner: CommandRunner, stages: StageRunner, extraEmulatorSkips = 0): string {
  const wall = (Date.now() - started) / 1000;
  const { union, sum } = runner.timeInCommands();
  const count = (s: string) => stages.results.filter((r) => r.status === s).length;
  const emulatorSkips = stages.results.reduce((n, r) => n + (r.emulatorSkips ?? 0), 0) + extraEmulatorSkips;
  return (
    `rehearsal ${what}: ${count("pass")} passed, ${count("fail")} failed, ${count("skip")} skipped in ${wall.toFixed(1)} s ` +
    (emulatorSkips ? `(${emulatorSkips} checks inside stages skipped for the emulator gaps named above) ` : "") +
    `(cdktn and terraform ran ${union.toFixed(1)} s of it, ${sum.toFixed(1)} s in sum side by side; the rehearsal's own share ${((100 * (wall - union)) / wall).toFixed(1)} %)`
  );
}
