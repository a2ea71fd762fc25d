// npm run bench: synth speed and memory, as medians of several runs in this one invocation, then the
// `npm test` and warm `npm run preview` durations. Prints tables and writes the same figures to
// .out/bench/latest.json, or to the committed bench/results/latest.json with --write. BENCH_RUNS sets the runs.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cleanUpOnSignals, makeTempFolder, removeTempFolder, removeTempFolders } from "../src/cleanup";
import { benchOutput, parseWriteFlag } from "../src/tools/output-path";
import { insideBench, measureCommands, npmTestInPlans, rehearsalTime } from "./commands";

if (insideBench(process.env)) {
  // npm test (which the bench runs) must never start the bench again.
  console.error("npm run bench: not running inside a command the bench started");
  process.exit(1);
}
const USAGE =
  "usage: npm run bench [-- --write | --npm-test]: synth speed and memory, npm test and npm run preview; " +
  "--write updates bench/results/latest.json; --npm-test times only npm test, in raw offline plans, and writes nothing";
if (process.argv.slice(2).some((a) => a === "--help" || a === "-h")) {
  console.log(USAGE);
  process.exit(0);
}
// The measurements run synchronously: a signal is handled between two commands (Ctrl-C reaches the
// running command too, which then fails), and a failure that ends the bench removes the folders too.
cleanUpOnSignals();
process.on("exit", removeTempFolders);
if (process.argv.slice(2).join(" ") === "--npm-test") {
  const runs = Math.min(Number(process.env.BENCH_RUNS ?? 3), 3);
  const { npmTest, rawPlan, inPlans } = npmTestInPlans(runs);
  console.log(
    `one raw offline terraform plan of the network stack: ${(rawPlan.wallMs / 1000).toFixed(1)} s (median of ${runs}, before and after)`,
  );
  console.log(`npm test${npmTest.passed ? "" : " (FAILED)"}: ${(npmTest.wallMs / 1000).toFixed(1)} s = ${inPlans} plans (target ≤ 8)`);
  process.exit(npmTest.passed ? 0 : 1);
}
let WRITE: boolean;
try {
  WRITE = parseWriteFlag(process.argv.slice(2));
} catch (e) {
  console.error(`${USAGE}\n${(e as Error).message}`);
  process.exit(1);
}
const ROOT = path.resolve(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TMP = makeTempFolder("bench-");
/** The measured commands' temp folder: ts-node keeps its compile cache there, and it goes with TMP. */
const CHILD_TMP = path.join(TMP, "tmp");
fs.mkdirSync(CHILD_TMP);
const APP = JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")).app as string;

interface Measure {
  readonly wallMs: number;
  readonly maxRssMb: number;
}

const PRELOAD = `--require ${path.join(__dirname, "max-rss.cjs")}`;

/** Runs `command` once; wall time by Node's clock, peak RSS from the preload in bench/max-rss.cjs. */
function once(command: string, env: Record<string, string>): Measure {
  const outdir = makeTempFolder("bench-out-");
  const start = process.hrtime.bigint();
  const result = spawnSync("sh", ["-c", command], {
    cwd: ROOT,
    encoding: "utf8",
    env: {
      ...process.env,
      CHECKPOINT_DISABLE: "1",
      CDKTF_OUTDIR: outdir,
      TMPDIR: CHILD_TMP,
      NODE_OPTIONS: PRELOAD,
      // npm and npx replace NODE_OPTIONS with the `node-options` of .npmrc: give them the preload too.
      npm_config_node_options: PRELOAD,
      ...env,
    },
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${command} failed:\n${result.stderr}`);
  const rss = [...result.stderr.matchAll(/__BENCH_MAX_RSS_KB__=(\d+)/g)].map((m) => Number(m[1]));
  removeTempFolder(outdir);
  return { wallMs, maxRssMb: Math.max(...rss) / 1024 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One warm-up run (file cache, the synth bundle cache), then the median of RUNS runs. */
function measure(command: string, env: Record<string, string> = {}, runs = RUNS): Measure {
  once(command, env);
  const runsDone = Array.from({ length: runs }, () => once(command, env));
  return { wallMs: median(runsDone.map((r) => r.wallMs)), maxRssMb: median(runsDone.map((r) => r.maxRssMb)) };
}

/** A configuration file with `n` environments of distinct CIDRs and names. */
function environments(n: number): string {
  const file = path.join(TMP, `environments-${n}.json`);
  const envs = Object.fromEntries(
    Array.from({ length: n }, (_, i) => [
      i === 0 ? "prod" : `e${i}`,
      i === 0
        ? {}
        : {
            namePrefix: `mlops-e${i}`,
            vpcCidr: `10.${i}.0.0/16`,
            publicSubnetCidrs: [`10.${i}.1.0/24`, `10.${i}.2.0/24`],
            privateSubnetCidrs: [`10.${i}.101.0/24`, `10.${i}.102.0/24`],
          },
    ]),
  );
  fs.writeFileSync(file, JSON.stringify({ defaultEnvironment: "prod", environments: envs }));
  return file;
}

const oneEnvironment = { MLOPS_CONFIG_FILE: environments(1) };
const ours = measure(APP, oneEnvironment);
const tsNode = measure("npx ts-node main.ts", oneEnvironment);
const floor = measure("node bench/floor.js");
const cli = measure(`npx cdktn synth --output "$CDKTF_OUTDIR"`, oneEnvironment, Math.min(RUNS, 3));
const scaling = [1, 4, 16].map((n) => ({ environments: n, ...measure(APP, { MLOPS_CONFIG_FILE: environments(n) }) }));
const perExtraMs = (scaling[2].wallMs - scaling[0].wallMs) / 15;
removeTempFolder(TMP);
const commands = measureCommands(Math.min(RUNS, 3));
const rehearsal = rehearsalTime();

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
const results = {
  machine: { cpus: os.cpus().length, node: process.version },
  runs: RUNS,
  app: APP,
  synthBothStacks: ours,
  tsNodeDefault: tsNode,
  floorSingleVpc: floor,
  cdktfSynthCli: cli,
  scaling,
  ratios: {
    tsNodeOverOursTime: ratio(tsNode.wallMs, ours.wallMs),
    tsNodeOverOursRss: ratio(tsNode.maxRssMb, ours.maxRssMb),
    oursOverFloorTime: ratio(ours.wallMs, floor.wallMs),
    extraEnvironmentOverOneEnvironmentTime: ratio(perExtraMs, scaling[0].wallMs),
  },
  targets: {
    tsNodeOverOursTime: ">= 7",
    tsNodeOverOursRss: ">= 3",
    oursOverFloorTime: "<= 1.25",
    extraEnvironmentOverOneEnvironmentTime: "<= 0.1",
  },
  commands,
  rehearsal,
};

const seconds = (ms: number) => (ms / 1000).toFixed(1);
const row = (what: string, m: Measure) => `| ${what} | ${m.wallMs.toFixed(0)} | ${m.maxRssMb.toFixed(0)} |`;
console.log(
  [
    `Synth benchmark: medians of ${RUNS} runs (after one warm-up), ${os.cpus().length} CPUs, Node ${process.version}`,
    "",
    "| what | wall ms | peak RSS MB |",
    "|---|---|---|",
    row(`our synth of both stacks (\`${APP}\`)`, ours),
    row("same source, cdktf init default (`npx ts-node main.ts`, type-checked)", tsNode),
    row("floor: minimal compiled app, one VPC (`node bench/floor.js`)", floor),
    row("`cdktn synth` through the CLI, end to end", cli),
    ...scaling.map((s) => row(`${s.environments} environment(s) = ${2 * s.environments} stacks in one app`, s)),
    "",
    "| ratio | measured | target |",
    "|---|---|---|",
    `| ts-node default / ours, time | ${results.ratios.tsNodeOverOursTime}× | ≥ 7× |`,
    `| ts-node default / ours, peak RSS | ${results.ratios.tsNodeOverOursRss}× | ≥ 3× |`,
    `| ours / floor, time | ${results.ratios.oursOverFloorTime}× | ≤ 1.25× |`,
    `| each extra environment / one-environment synth, time | ${results.ratios.extraEnvironmentOverOneEnvironmentTime} (${perExtraMs.toFixed(0)} ms) | ≤ 0.1 |`,
    "",
    "| command | seconds | target |",
    "|---|---|---|",
    `| one raw offline \`terraform plan\` of the network stack (median of ${Math.min(RUNS, 3)}, before and after npm test) | ${seconds(commands.rawNetworkPlan.wallMs)} | the unit |`,
    `| \`npm test\` (once)${commands.npmTest.passed ? "" : ", FAILED"} | ${seconds(commands.npmTest.wallMs)} = ${commands.npmTestInPlans} plans | ≤ 8 plans |`,
    `| \`npm run preview\`, warm (median of ${Math.min(RUNS, 3)})${commands.warmPreview.passed ? "" : ", FAILED"} | ${seconds(commands.warmPreview.wallMs)} = ${ratio(commands.warmPreview.wallMs, commands.rawNetworkPlan.wallMs)} plans | ≤ 3 plans |`,
    `| the same with Go's default GC for terraform (\`GOGC=100\`) | ${seconds(commands.warmPreviewDefaultGc.wallMs)} | ${ratio(commands.warmPreviewDefaultGc.wallMs, commands.warmPreview.wallMs)}× ours |`,
    `| \`npm run rehearse\` (prod, once)${rehearsal.passed ? "" : ", FAILED"} | ${seconds(rehearsal.wallMs)} | — |`,
    `| its cdktn and terraform commands: running / in sum (side by side) | ${seconds(rehearsal.commandsUnionMs)} / ${seconds(rehearsal.commandsSumMs)} | — |`,
    `| the rehearsal's own share of its wall time | ${(rehearsal.ownShare * 100).toFixed(1)} % | ≤ 15 % |`,
  ].join("\n"),
);
const output = benchOutput(WRITE);
fs.mkdirSync(path.join(ROOT, path.dirname(output)), { recursive: true });
fs.writeFileSync(path.join(ROOT, output), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote ${output}${WRITE ? "" : " (--write updates the committed bench/results/latest.json)"}`);
