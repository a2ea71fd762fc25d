// npm run checkov: checkov itself (the version pinned in requirements-checkov.txt, from
// .venv-checkov, `checkov` on PATH, or $CHECKOV) on every synthesized stack of every environment
// (`--framework terraform_json`; the default environment's demo also with a certificate) and on the
// offline preview's plans of the default environment (`terraform_plan`). Its failed checks must be
// exactly SECURITY.md's accepted exceptions that are checkov rules, corrected by its tables of
// "Findings only checkov reports" and "Findings only this suite reports"; exits 1 on any difference.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { synthEnvironment } from "../src/app";
import { arn } from "../src/aws/partition";
import { loadProjectConfigFile, projectConfigFile } from "../src/config/load";
import { RULES } from "../src/policy/evaluate";
import { parseStack } from "../src/synthesized/stack-json";
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

runTool(async () => {
  const started = Date.now();
  const tables = securityTables(
    fs.readFileSync(path.join(ROOT, "SECURITY.md"), "utf8"),
    RULES.map((r) => r.id),
  );
  const file = projectConfigFile(ROOT, {});
  const config = loadProjectConfigFile(file.path, {}, file.shown);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlops-checkov-"));
  const checkovTmp = path.join(dir, "tmp");
  fs.mkdirSync(checkovTmp);
  try {
    const { bin, version } = findCheckov(checkovTmp);
    const targets: CheckovTarget[] = [];
    const write = (label: string, name: string, json: string, as: "tf" | "plan", stackJson = json) => {
      const target = path.join(dir, label.replace(/[^a-z0-9-]+/gi, "_"), as === "tf" ? "cdk.tf.json" : "plan.json");
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, json);
      targets.push({ label, name, stack: parseStack(stackJson), file: target, plan: as === "plan" });
    };
    for (const env of config.environments) {
      const isDefault = env.name === config.defaultEnvironment;
      const s = synthEnvironment(env, isDefault);
      write(`${env.name} network`, s.names.network, s.network, "tf");
      write(`${env.name} demo-alb (HTTP only)`, s.names.demoAlb, s.demoAlb, "tf");
      if (!isDefault) continue;
      const certificateArn = arn(env.region, {
        service: "acm",
        region: env.region,
        account: "123456789012",
        resource: "certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
      });
      write(`${env.name} demo-alb (HTTPS)`, s.names.demoAlb, synthEnvironment({ ...env, certificateArn }, true).demoAlb, "tf");
      const plans = path.join(dir, "plans");
      fs.mkdirSync(plans);
      await previewEnvironment(s, {}, undefined, plans);
      for (const [stack, json] of [
        [s.names.network, s.network],
        [s.names.demoAlb, s.demoAlb],
      ]) {
        write(
          `${env.name} ${stack} plan (offline preview)`,
          stack,
          fs.readFileSync(path.join(plans, `${stack}.json`), "utf8"),
          "plan",
          json,
        );
      }
    }
    const files = (as: string) => targets.filter((t) => t.file.endsWith(as)).flatMap((t) => ["-f", t.file]);
    const checkovStarted = Date.now();
    const reports = [
      ["terraform_json", files("cdk.tf.json")],
      ["terraform_plan", files("plan.json")],
    ].flatMap(([framework, args]) => {
      const r = spawnSync(
        bin,
        [...args, "--framework", framework as string, "--output", "json", "--quiet", "--compact", "--skip-download"],
        { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, env: { ...process.env, TMPDIR: checkovTmp } },
      );
      // checkov exits 1 when a check fails; anything it cannot run is another code or no JSON.
      if (r.status !== 0 && r.status !== 1) throw new Error(`checkov failed (exit ${r.status}):\n${r.stderr}`);
      const parsed = JSON.parse(r.stdout);
      return Array.isArray(parsed) ? parsed : [parsed];
    });
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const same = (a: string, b: string) => path.resolve(a) === path.resolve(b.startsWith("/") && !fs.existsSync(b) ? b.slice(1) : b);
    const comparisons = compareWithCheckov(targets, checkovFindings(reports, targets, same), tables);
    console.log(formatComparison(comparisons));
    console.log(
      `checkov ${version} on ${targets.length} stacks and plans: ${seconds(Date.now() - checkovStarted)} in checkov, ${seconds(Date.now() - started)} in all`,
    );
    if (comparisons.some((c) => c.unexpected.length + c.missing.length > 0)) process.exitCode = 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
