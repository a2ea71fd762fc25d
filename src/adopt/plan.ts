import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { terraformEnvironment } from "../offline/cli-config";
import { withoutProtection } from "../offline/protection";
import { TerraformError } from "../offline/workdir";
import { AdoptionChange } from "./plan-report";

export interface AdoptionPlanOptions {
  /** The network stack's synthesized JSON, import blocks included. */
  readonly stackJson: string;
  /**
   * The stack's local state file, absolute (the local backend's), so that the plan sees what a deploy
   * would see; undefined for an S3 backend, which terraform reads itself with the user's credentials.
   */
  readonly localStateFile?: string;
  readonly env?: NodeJS.ProcessEnv;
}

const MAX_OUTPUT = 256 * 1024 * 1024;

function terraform(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile("terraform", args, { cwd, env, encoding: "utf8", maxBuffer: MAX_OUTPUT }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      if ((error as NodeJS.ErrnoException).code === "ENOENT")
        return reject(new TerraformError("terraform is not on PATH: install Terraform 1.10 or later."));
      reject(new TerraformError(`terraform ${args[0]} failed while planning the adoption:\n${stderr}${stdout}`));
    }),
  );
}

/**
 * The plan the next deploy would make, against the real account and the stack's real state
 * (refreshed, with the import blocks read from AWS), as `terraform show -json` gives its resource
 * changes. It runs in a temporary folder that is removed afterwards; nothing is written to AWS or to
 * the state (a plan never writes either).
 */
export async function planAdoption(options: AdoptionPlanOptions): Promise<AdoptionChange[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlops-adopt-plan-"));
  try {
    // Without prevent_destroy: a replacement must show in the plan, with the attributes that force it, not stop it.
    fs.writeFileSync(path.join(dir, "cdk.tf.json"), withoutProtection(options.stackJson));
    if (options.localStateFile) {
      // The synthesized path is relative to cdktf.out/stacks/<stack>; from here it must be absolute.
      const override = { terraform: { backend: { local: { path: options.localStateFile } } } };
      fs.writeFileSync(path.join(dir, "adopt_override.tf.json"), JSON.stringify(override, null, 2));
    }
    const env = { ...(options.env ?? process.env), ...terraformEnvironment(path.join(dir, ".terraformrc"), options.env ?? process.env) };
    await terraform(["init", "-input=false", "-no-color"], dir, env);
    await terraform(["plan", "-input=false", "-lock=false", "-no-color", "-out=adopt.tfplan"], dir, env);
    const plan = JSON.parse(await terraform(["show", "-json", "adopt.tfplan"], dir, env)) as { resource_changes?: AdoptionChange[] };
    return plan.resource_changes ?? [];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
