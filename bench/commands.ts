// The developer loop beside the synth figures: how long `npm test` takes, and a warm `npm run preview`,
// each run as a child process and timed from outside, in raw offline plans of the network stack
// measured in the same run. Targets: npm test ≤ 8 plans, a warm preview (two stacks) ≤ 3.
import { spawnSync } from "child_process";
import * as path from "path";
import { synthEnvironment } from "../src/app";
import { loadProjectConfigFile } from "../src/config/load";
import { makeTempFolder, removeTempFolder } from "../src/cleanup";
import { terraformEnvironment } from "../src/offline/cli-config";
import { OFFLINE_CREDENTIALS } from "../src/offline/offline-override";
import { OfflineWorkdir } from "../src/offline/workdir";

const ROOT = path.resolve(__dirname, "..");

/** Set in the environment of every command the bench starts, so a bench started by them refuses to run. */
export const BENCH_CHILD = "MLOPS_BENCH_CHILD";

/** Whether this process was started by the bench (then running the bench again would recurse). */
export const insideBench = (env: NodeJS.ProcessEnv) => env[BENCH_CHILD] === "1";

/**
 * One `npm run rehearse` (minutes): its wall time beside the time its cdktn and terraform commands
 * ran (their union: some command was running) and the sum of their own times (more than the union
 * where stacks apply side by side), as the rehearsal's summary line reports them.
 */
export function rehearsalTime() {
  const start = process.hrtime.bigint();
  const result = spawnSync("npm", ["run", "-s", "rehearse"], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", [BENCH_CHILD]: "1" },
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const m = / in ([\d.]+) s .*ran ([\d.]+) s of it, ([\d.]+) s in sum/.exec(result.stdout);
  if (result.status !== 0 || !m)
    console.error(`npm run rehearse failed (exit ${result.status}):\n${result.stdout.slice(-2000)}${result.stderr.slice(-1000)}`);
  const [inside, union, sum] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [NaN, NaN, NaN];
  return {
    wallMs,
    passed: result.status === 0,
    commandsUnionMs: union * 1000,
    commandsSumMs: sum * 1000,
    ownShare: Math.round(((inside - union) / inside) * 1000) / 1000,
    target: { ownShare: "<= 0.15" },
  };
}

export interface CommandTime {
  readonly wallMs: number;
  readonly passed: boolean;
}

/** Runs `npm <args>` once from the project root; output is kept only to explain a failure. */
export function timeNpm(args: readonly string[], env: Record<string, string> = {}): CommandTime {
  const start = process.hrtime.bigint();
  const result = spawnSync("npm", args, {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", [BENCH_CHILD]: "1", ...env },
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const passed = result.status === 0;
  if (!passed)
    console.error(
      `npm ${args.join(" ")} failed (exit ${result.status}); its time is still reported:\n${`${result.stdout}${result.stderr}`.slice(-2000)}`,
    );
  return { wallMs, passed };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The median of `runs` warm previews, with extra environment variables. */
function warmPreview(runs: number, env: Record<string, string> = {}): CommandTime {
  const previews = Array.from({ length: runs }, () => timeNpm(["run", "preview"], env));
  return { wallMs: median(previews.map((p) => p.wallMs)), passed: previews.every((p) => p.passed) };
}

/**
 * The unit `npm test` is measured in: one plain offline `terraform plan` of the default
 * environment's network stack, as a user would type it in a copy of the synthesized stack (the
 * offline override, fake credentials, the provider from the mirror; Go's default GC), after
 * `terraform init` and one warm-up plan; the median of `runs`. Measured in the same run as
 * `npm test`, so the ratio holds on a machine of any speed.
 */
function rawNetworkPlan(runs: number): CommandTime {
  const file = path.join(ROOT, "config", "environments.json");
  const project = loadProjectConfigFile(file, {});
  const env = project.environments.find((e) => e.name === project.defaultEnvironment)!;
  const dir = makeTempFolder("bench-raw-plan-");
  try {
    new OfflineWorkdir({ dir, files: { "cdk.tf.json": synthEnvironment(env).network } });
    const terraformEnv = {
      ...process.env,
      ...terraformEnvironment(path.join(dir, ".terraformrc")),
      ...OFFLINE_CREDENTIALS,
    };
    const terraform = (...args: string[]) => {
      const start = process.hrtime.bigint();
      const r = spawnSync("terraform", args, { cwd: dir, env: terraformEnv, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
      if (r.status !== 0) throw new Error(`terraform ${args.join(" ")} failed (exit ${r.status}):\n${r.stderr}${r.stdout}`.slice(0, 4000));
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    terraform("init", "-input=false", "-no-color");
    const plan = () => terraform("plan", "-input=false", "-lock=false", "-refresh=false", "-no-color");
    plan();
    return { wallMs: median(Array.from({ length: runs }, plan)), passed: true };
  } finally {
    removeTempFolder(dir);
  }
}

/**
 * `npm test` once, with raw network plans (`rawNetworkPlan`) measured just before and just after it:
 * a machine that slows down or speeds up during the run moves the unit with it.
 */
export function npmTestInPlans(runs: number) {
  const before = rawNetworkPlan(runs);
  const npmTest = timeNpm(["test"]);
  const after = rawNetworkPlan(runs);
  const rawPlan: CommandTime = { wallMs: (before.wallMs + after.wallMs) / 2, passed: true };
  return { npmTest, rawPlan, inPlans: Math.round((npmTest.wallMs / rawPlan.wallMs) * 10) / 10 };
}

/**
 * `npm test` once (it takes tens of seconds); preview once to warm its work dirs, then the median
 * of `runs`, and again with Go's default garbage collection (GOGC=100) for terraform, which the
 * offline work dirs otherwise hold off.
 */
export function measureCommands(runs: number) {
  const { npmTest, rawPlan, inPlans } = npmTestInPlans(runs);
  timeNpm(["run", "preview"]);
  const preview = warmPreview(runs);
  const previewDefaultGc = warmPreview(runs, { GOGC: "100" });
  return {
    npmTest,
    rawNetworkPlan: rawPlan,
    npmTestInPlans: inPlans,
    warmPreview: preview,
    warmPreviewDefaultGc: previewDefaultGc,
    targets: { npmTestInPlans: "<= 8", warmPreviewInPlans: "<= 3" },
    withinTargets: {
      npmTest: npmTest.passed && inPlans <= 8,
      warmPreview: preview.passed && preview.wallMs <= 3 * rawPlan.wallMs,
    },
  };
}
