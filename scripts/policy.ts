// npm run policy -- [FILE...]: checkov with this project's checks (the gate's, see scripts/checkov.ts)
// on synthesized stacks, by default every cdktf.out/stacks/*/cdk.tf.json (run `npx cdktn synth`
// first), against SECURITY.md's accepted exceptions. Exits 1 on a finding that is not accepted, or
// on an accepted exception that no longer occurs.
import * as fs from "fs";
import * as path from "path";
import { configurationErrorIn } from "../src/config/cli-error-report";
import { parseExceptions } from "../src/policy/exceptions";
import { stackReport } from "../src/policy/gate";
import { formatPolicyReport, policyFails } from "../src/policy/report";
import { parseStack, stackNameOf } from "../src/synthesized/stack-json";
import { ensureCheckov } from "../src/tools/checkov-install";
import { checkovFindings, inRunFolder, runCheckov, writeTargets } from "../src/tools/checkov";
import { runTool, UsageError } from "./run-tool";
import { asUsageError } from "./setup-errors";

const ROOT = path.join(__dirname, "..");

const USAGE = `npm run policy [-- FILE...]

checkov (pinned in requirements-checkov.txt, installed into .venv-checkov on first use) with this
project's checks (checkov-checks/) on synthesized stacks: every cdktf.out/stacks/*/cdk.tf.json
(run \`npx cdktn synth\` first), or the files named. Prints each finding, marked accepted (by
SECURITY.md), FIX or STALE, and exits 1 on a finding SECURITY.md does not accept or an accepted
exception that no longer occurs.`;

function defaultStackFiles(): string[] {
  // After a failed synth cdktf.out holds the last good stacks, which are not what the configuration says now.
  const failed = configurationErrorIn(path.join(ROOT, "cdktf.out"));
  if (failed)
    throw new UsageError(
      `The last \`npx cdktn synth\` stopped at the configuration, so cdktf.out is stale:\n${failed}\nFix it and synthesize again.`,
    );
  const dir = path.join(ROOT, "cdktf.out", "stacks");
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .sort()
        .map((name) => path.join(dir, name, "cdk.tf.json"))
        .filter((f) => fs.existsSync(f))
    : [];
  if (files.length === 0)
    throw new UsageError(
      "No synthesized stacks in cdktf.out/stacks: run `npx cdktn synth` first, or name the files: npm run policy -- FILE...",
    );
  return files;
}

/** `cdktf.out/stacks/network/cdk.tf.json` → network; `x/network-dev.tf.json` → network-dev. */
const nameFromPath = (file: string) =>
  path.basename(file) === "cdk.tf.json" ? path.basename(path.dirname(file)) : path.basename(file).replace(/(\.tf)?\.json$/, "");

function readStack(file: string) {
  try {
    return parseStack(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new UsageError(`${file}: ${e instanceof Error ? e.message : e}`);
  }
}

runTool(
  () =>
    asUsageError(async () => {
      const args = process.argv.slice(2);
      const unknown = args.filter((a) => a.startsWith("-"));
      if (unknown.length > 0) throw new UsageError(`Unknown option ${unknown.join(", ")}\n\n${USAGE}`);
      const files = args.length > 0 ? args : defaultStackFiles();
      const exceptions = parseExceptions(fs.readFileSync(path.join(ROOT, "SECURITY.md"), "utf8"));
      const stacks = files.map((file) => {
        const stack = readStack(file);
        return { label: path.relative(process.cwd(), file) || file, name: stackNameOf(stack) ?? nameFromPath(file), stack };
      });
      const checkov = ensureCheckov(ROOT);
      await inRunFolder("mlops-policy-", async ({ stacks: folder, tmp }) => {
        const targets = writeTargets(folder, stacks);
        const found = checkovFindings(await runCheckov(checkov.python, path.join(ROOT, "checkov-checks"), folder, tmp), targets);
        const reports = targets.map((t) => stackReport({ ...t, findings: found.get(t.label)! }, exceptions));
        console.log(formatPolicyReport(reports));
        if (policyFails(reports)) process.exitCode = 1;
      });
    }),
  { usage: USAGE },
);
