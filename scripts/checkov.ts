// npm run checkov: checkov itself (the version pinned in requirements-checkov.txt, from
// .venv-checkov, `checkov` on PATH, or $CHECKOV) on every synthesized stack of every environment
// (`--framework terraform_json`; the default environment's demo also with a certificate and on its
// own name) and on the offline preview's plans of the default environment (`terraform_plan`). Its
// failed checks must be exactly SECURITY.md's accepted exceptions that are checkov rules, corrected by
// its tables of "Findings only checkov reports" and "Findings only this suite reports"; exits 1 on any
// difference. `-- --mutations`: on src/policy/mutations.ts's regressions instead, against this
// suite's verdicts and SECURITY.md's "This suite against checkov" table.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { synthEnvironment } from "../src/app";
import { loadProjectConfigFile, projectConfigFile } from "../src/config/load";
import { ProjectConfig } from "../src/config/types";
import { evaluate, RULES } from "../src/policy/evaluate";
import { MutationBase, MUTATIONS } from "../src/policy/mutations";
import { parseStack, StackJson } from "../src/synthesized/stack-json";
import {
  asCheckovFindings,
  claimedCheckovIds,
  compareMutations,
  formatMutationComparison,
  mutationComparisonFails,
  parseComparison,
  Verdicts,
} from "../src/tools/checkov-mutations";
import { cleanStacks, mutationBases } from "../src/tools/policy-stacks";
import { CheckovTarget, checkovFindings, compareWithCheckov, formatComparison, securityTables } from "../src/tools/checkov";
import { previewEnvironment } from "../src/tools/preview";
import { runTool, UsageError } from "./run-tool";

const ROOT = path.join(__dirname, "..");
const REQUIREMENTS = path.join(ROOT, "requirements-checkov.txt");
const INSTALL = "python3 -m venv .venv-checkov && .venv-checkov/bin/pip install -r requirements-checkov.txt";

/**
 * The checkov to run and its version; a usage error saying how to install it when there is none.
 * checkov leaves a parser cache in the temp folder, so it runs with `tmp` as its own.
 */
function findCheckov(tmp: string): { bin: string; version: string } {
  const pinned = /^checkov==(\S+)$/m.exec(fs.readFileSync(REQUIREMENTS, "utf8"))?.[1];
  const candidates = [process.env.CHECKOV, path.join(ROOT, ".venv-checkov", "bin", "checkov"), "checkov"].filter((c): c is string => !!c);
  for (const bin of candidates) {
    const r = spawnSync(bin, ["--version"], { encoding: "utf8", env: { ...process.env, TMPDIR: tmp } });
    if (r.status !== 0) continue;
    const version = r.stdout.trim();
    if (pinned && version !== pinned)
      throw new UsageError(`${bin} is checkov ${version}, but requirements-checkov.txt pins ${pinned}: ${INSTALL}`);
    return { bin, version };
  }
  throw new UsageError(
    `checkov is not installed (looked for $CHECKOV, .venv-checkov/bin/checkov and checkov on PATH). Install the pinned one: ${INSTALL}`,
  );
}

/** One checkov process over `args` (files or a directory) of one framework: its JSON reports. */
function runCheckov(bin: string, framework: string, args: readonly string[], tmp: string): unknown[] {
  const r = spawnSync(bin, [...args, "--framework", framework, "--output", "json", "--compact", "--skip-download"], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, TMPDIR: tmp },
  });
  // checkov exits 1 when a check fails; anything it cannot run is another code or no JSON.
  if (r.status !== 0 && r.status !== 1) throw new Error(`checkov failed (exit ${r.status}):\n${r.stderr}`);
  const parsed = JSON.parse(r.stdout);
  return Array.isArray(parsed) ? parsed : [parsed];
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
/** checkov's file_path is relative to its working folder, written with a leading slash. */
const sameFile = (a: string, b: string) => path.resolve(a) === path.resolve(b.startsWith("/") && !fs.existsSync(b) ? b.slice(1) : b);

const USAGE = `npm run checkov [-- --mutations]

Runs checkov (pinned in requirements-checkov.txt) on every clean stack and the offline preview's
plans, and fails unless its failed checks are SECURITY.md's. With --mutations: on each deliberate
regression of src/policy/mutations.ts instead, and fails unless checkov's verdict on every checkov
rule this suite claims agrees with this suite's, or SECURITY.md's "This suite against checkov" lists
the difference.`;

/** A private folder for the run (checkov's own temp folder inside), removed afterwards. */
async function inRunFolder(run: (dir: string, checkov: { bin: string; version: string; tmp: string }) => Promise<void> | void) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlops-checkov-"));
  const tmp = path.join(dir, "tmp");
  fs.mkdirSync(tmp);
  try {
    await run(dir, { ...findCheckov(tmp), tmp });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The clean stacks and the offline preview's plans against SECURITY.md's exceptions and tables. */
async function cleanRun(config: ProjectConfig, markdown: string) {
  const started = Date.now();
  const tables = securityTables(
    markdown,
    RULES.map((r) => r.id),
  );
  await inRunFolder(async (dir, checkov) => {
    const targets: CheckovTarget[] = [];
    const write = (label: string, name: string, json: string, as: "tf" | "plan", stackJson = json) => {
      const target = path.join(dir, label.replace(/[^a-z0-9-]+/gi, "_"), as === "tf" ? "cdk.tf.json" : "plan.json");
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, json);
      targets.push({ label, name, stack: parseStack(stackJson), file: target, plan: as === "plan" });
    };
    for (const s of cleanStacks(config)) write(s.label, s.name, s.json, "tf");
    const env = config.environments.find((e) => e.name === config.defaultEnvironment)!;
    const s = synthEnvironment(env, true);
    const plans = path.join(dir, "plans");
    fs.mkdirSync(plans);
    await previewEnvironment(s, {}, undefined, plans);
    for (const [stack, json] of [
      [s.names.network, s.network],
      [s.names.demoAlb, s.demoAlb],
    ]) {
      write(`${env.name} ${stack} plan (offline preview)`, stack, fs.readFileSync(path.join(plans, `${stack}.json`), "utf8"), "plan", json);
    }
    const files = (as: string) => targets.filter((t) => t.file.endsWith(as)).flatMap((t) => ["-f", t.file]);
    const checkovStarted = Date.now();
    const reports = [
      ...runCheckov(checkov.bin, "terraform_json", files("cdk.tf.json"), checkov.tmp),
      ...runCheckov(checkov.bin, "terraform_plan", files("plan.json"), checkov.tmp),
    ];
    const comparisons = compareWithCheckov(targets, checkovFindings(reports, targets, sameFile), tables);
    console.log(formatComparison(comparisons));
    console.log(
      `checkov ${checkov.version} on ${targets.length} stacks and plans: ${seconds(Date.now() - checkovStarted)} in checkov, ${seconds(Date.now() - started)} in all`,
    );
    if (comparisons.some((c) => c.unexpected.length + c.missing.length > 0)) process.exitCode = 1;
  });
}

/**
 * Every mutation of src/policy/mutations.ts and the clean stacks they start from, in one folder
 * checkov reads in one process; each mutation's verdicts (ours and checkov's, on it and on its base)
 * compared on the checkov rules this suite claims.
 */
async function mutationRun(config: ProjectConfig, markdown: string) {
  const started = Date.now();
  const claimed = claimedCheckovIds(RULES.map((r) => r.id));
  const listed = parseComparison(
    markdown,
    MUTATIONS.map((m) => m.name),
    claimed,
  );
  const bases = mutationBases(config, cleanStacks(config));
  await inRunFolder((dir, checkov) => {
    const stacks = path.join(dir, "stacks");
    const targets: CheckovTarget[] = [];
    const write = (label: string, name: string, stack: StackJson) => {
      const file = path.join(stacks, String(targets.length).padStart(3, "0"), "cdk.tf.json");
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(stack));
      const target = { label, name, stack, file };
      targets.push(target);
      return target;
    };
    const baseTargets = Object.fromEntries(
      Object.entries(bases).map(([key, v]) => [key, write(`base ${key}`, v.name, parseStack(v.json))]),
    ) as Record<MutationBase, CheckovTarget>;
    const mutated = MUTATIONS.map((m) => {
      const stack = parseStack(bases[m.base].json);
      m.mutate(stack);
      return write(m.name, bases[m.base].name, stack);
    });
    const checkovStarted = Date.now();
    const found = checkovFindings(runCheckov(checkov.bin, "terraform_json", ["-d", stacks], checkov.tmp), targets, sameFile);
    const checkovSeconds = seconds(Date.now() - checkovStarted);
    const verdicts = (t: CheckovTarget): Verdicts => ({ ours: asCheckovFindings(evaluate(t.stack)), checkov: found.get(t.label)! });
    const result = compareMutations(
      MUTATIONS.map((m, i) => ({ mutation: m.name, base: verdicts(baseTargets[m.base]), mutated: verdicts(mutated[i]) })),
      listed,
      claimed,
    );
    console.log(formatMutationComparison(result));
    console.log(
      `checkov ${checkov.version} on ${targets.length} stacks (${MUTATIONS.length} mutations, ${Object.keys(bases).length} bases) in one process: ${checkovSeconds} in checkov, ${seconds(Date.now() - started)} in all`,
    );
    if (mutationComparisonFails(result)) process.exitCode = 1;
  });
}

runTool(
  async () => {
    const args = process.argv.slice(2);
    const unknown = args.filter((a) => a !== "--mutations");
    if (unknown.length) throw new UsageError(`unknown argument ${unknown[0]}\n\n${USAGE}`);
    const file = projectConfigFile(ROOT, {});
    const config = loadProjectConfigFile(file.path, {}, file.shown);
    const markdown = fs.readFileSync(path.join(ROOT, "SECURITY.md"), "utf8");
    await (args.includes("--mutations") ? mutationRun(config, markdown) : cleanRun(config, markdown));
  },
  { usage: USAGE },
);
