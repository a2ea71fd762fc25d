// npm run policy -- [--allow-nat-egress] [FILE...]: the security rules of src/policy (checkov and AWS
// FSBP ids) over synthesized stacks, by default every cdktf.out/stacks/*/cdk.tf.json (run
// `npx cdktn synth` first), with the accepted exceptions of SECURITY.md. Exits 1 on a finding that is
// not accepted, or on an accepted exception that no longer occurs.
import * as fs from "fs";
import * as path from "path";
import { configurationErrorIn } from "../src/config/cli-error-report";
import { evaluate, RULES } from "../src/policy/evaluate";
import { judge, parseExceptions } from "../src/policy/exceptions";
import { formatPolicyReport, policyFails, StackReport } from "../src/policy/report";
import { parseStack, stackNameOf } from "../src/synthesized/stack-json";
import { runTool, UsageError } from "./run-tool";

const ROOT = path.join(__dirname, "..");
const FLAGS = ["--allow-nat-egress"];

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

runTool(() => {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a.startsWith("-") && !FLAGS.includes(a));
  if (unknown.length > 0)
    throw new UsageError(`Unknown option ${unknown.join(", ")}. Usage: npm run policy -- [--allow-nat-egress] [FILE...]`);
  const files = args.filter((a) => !a.startsWith("-"));
  const exceptions = parseExceptions(
    fs.readFileSync(path.join(ROOT, "SECURITY.md"), "utf8"),
    RULES.map((r) => r.id),
  );
  const reports: StackReport[] = (files.length > 0 ? files : defaultStackFiles()).map((file) => {
    const stack = readStack(file);
    const name = stackNameOf(stack) ?? nameFromPath(file);
    const findings = evaluate(stack, { allowNatEgress: args.includes("--allow-nat-egress") });
    return { name, file: path.relative(process.cwd(), file) || file, ...judge({ name, stack, findings }, exceptions) };
  });
  console.log(formatPolicyReport(reports));
  if (policyFails(reports)) process.exitCode = 1;
});
