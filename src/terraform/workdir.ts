import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { MIRROR_VARIABLE, terraformEnvironment } from "./cli-config";
import { OFFLINE_CREDENTIALS, offlineOverride } from "./offline-override";
import { countPriorResources, DetailedPlan, PlanCounter, PlanSummary, riskyChanges, withUnknowns } from "./plan-summary";

export type { DetailedPlan, PlanSummary };

export interface OfflineWorkdirOptions {
  /** Terraform configuration files by name: a synthesized `cdk.tf.json`, or `.tf` files. */
  readonly files: Record<string, string>;
  /** Values of the configuration's input variables. @default none */
  readonly variables?: Record<string, string>;
  /** Folder to create the work dir in (it is emptied first). */
  readonly dir: string;
  /** State files to read instead of other stacks' real state, by remote-state data source name. */
  readonly remoteStates?: Record<string, object>;
  /** `terraform test` files to write into `tests/`, by file name (`*.tftest.hcl`). */
  readonly testFiles?: Record<string, string>;
  /** Where the generated Terraform CLI configuration goes. @default `<dir>/.terraformrc` */
  readonly cliConfigFile?: string;
  /** Contents of a state file to plan against (a copy; the original is never written). @default empty state */
  readonly state?: string;
}

/** The state file of a work dir: the offline override points the backend here, and it is terraform's default. */
export const WORKDIR_STATE_FILE = "terraform.tfstate";

/** The AWS provider's schema (`providers schema -json`) alone is over 13 MB. */
const MAX_OUTPUT = 256 * 1024 * 1024;

/**
 * A copy of a synthesized stack that terraform can init, validate, plan and test with no AWS
 * account: a `*_override.tf.json` turns off the provider's calls home, keeps state local to the
 * copy and points remote state at fixtures. The synthesized stack itself is not changed.
 */
export class OfflineWorkdir {
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly options: OfflineWorkdirOptions) {
    const { dir } = options;
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, content] of Object.entries(options.files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), content);
    }
    this.writeOverrides();
    if (options.state !== undefined) this.writeState(options.state);
    const testFiles = Object.entries(options.testFiles ?? {});
    if (testFiles.length > 0) {
      fs.mkdirSync(path.join(dir, "tests"));
      for (const [name, content] of testFiles) fs.writeFileSync(path.join(dir, "tests", name), content);
    }
    const cliConfigFile = options.cliConfigFile ?? path.join(dir, ".terraformrc");
    this.env = {
      ...process.env,
      ...terraformEnvironment(cliConfigFile),
      ...sharedPluginCache(path.dirname(cliConfigFile)),
      ...OFFLINE_CREDENTIALS,
      ...Object.fromEntries(Object.entries(options.variables ?? {}).map(([k, v]) => [`TF_VAR_${k}`, v])),
    };
  }

  /** One override file per folder of configuration (the root module and any child modules). */
  private writeOverrides() {
    const byDir = new Map<string, string[]>();
    for (const [name, content] of Object.entries(this.options.files)) {
      byDir.set(path.dirname(name), [...(byDir.get(path.dirname(name)) ?? []), content]);
    }
    const fixtures: Record<string, string> = {};
    for (const [name, state] of Object.entries(this.options.remoteStates ?? {})) {
      fixtures[name] = path.join(this.options.dir, `remote-state-${name}.tfstate`);
      fs.writeFileSync(fixtures[name], JSON.stringify(state, null, 2));
    }
    for (const [dir, contents] of byDir) {
      const override = offlineOverride(contents, fixtures, dir === ".");
      if (Object.keys(override).length > 0) {
        fs.writeFileSync(path.join(this.options.dir, dir, "offline_override.tf.json"), JSON.stringify(override, null, 2));
      }
    }
  }

  /** Replaces the work dir's state (JSON text or a state object). */
  writeState(state: string | object): void {
    fs.writeFileSync(path.join(this.options.dir, WORKDIR_STATE_FILE), typeof state === "string" ? state : JSON.stringify(state, null, 2));
  }

  /** Runs terraform with `args`; throws with its output when it fails. */
  run(...args: string[]): string {
    try {
      return execFileSync("terraform", args, {
        cwd: this.options.dir,
        env: this.env,
        encoding: "utf8",
        stdio: "pipe",
        maxBuffer: MAX_OUTPUT,
      });
    } catch (e) {
      const err = e as { code?: string; stdout?: string; stderr?: string };
      if (err.code === "ENOENT") throw new Error("terraform is not on PATH: install Terraform 1.10 or later.");
      throw new Error(`terraform ${args.join(" ")} failed in ${this.options.dir}:\n${err.stderr ?? ""}${err.stdout ?? ""}`);
    }
  }

  init(): void {
    try {
      this.run("init", "-input=false", "-no-color");
    } catch (e) {
      const message = (e as Error).message;
      if (!this.env[MIRROR_VARIABLE] && /provider|registry/i.test(message)) {
        throw new Error(
          "terraform init could not install hashicorp/aws 5.100.0: there is no provider mirror and the registry " +
            "did not answer. Set TF_PROVIDER_MIRROR to a folder holding registry.terraform.io/hashicorp/aws/5.100.0/… " +
            `(see README, "Air-gapped machines").\n${message}`,
        );
      }
      throw e;
    }
  }

  validate(): { valid: boolean; diagnostics: unknown[] } {
    const out = this.run("validate", "-json", "-no-color");
    const result = JSON.parse(out);
    return { valid: result.valid, diagnostics: result.diagnostics };
  }

  /** `terraform plan`, read from its machine-readable stream (no second `terraform show` run). */
  plan(): PlanSummary {
    const stream = this.run("plan", "-input=false", "-lock=false", "-refresh=false", "-json");
    const counts = new PlanCounter();
    let outputs: Record<string, string> = {};
    for (const line of stream.split("\n").filter((l) => l.startsWith("{"))) {
      const message = JSON.parse(line);
      if (message.type === "planned_change") {
        const { action, resource } = message.change;
        counts.count(resource.module, resource.resource_type, action === "replace" ? ["create", "delete"] : [action]);
      } else if (message.type === "outputs") {
        outputs = Object.fromEntries(Object.entries<{ action: string }>(message.outputs).map(([k, v]) => [k, v.action]));
      }
    }
    return { ...counts.summary(), outputs };
  }

  /** A plan file read back with `terraform show`: the counts of `plan()` plus the planned output values. */
  planDetailed(): DetailedPlan {
    const plan = this.planJson();
    const counts = new PlanCounter();
    for (const rc of plan.resource_changes ?? []) {
      if (rc.mode === "managed") counts.count(rc.module_address ?? "", rc.type, rc.change.actions);
    }
    const outputs: Record<string, string> = {};
    const outputValues: Record<string, unknown> = {};
    for (const [name, oc] of Object.entries<{ actions: string[]; after: unknown; after_unknown: unknown }>(plan.output_changes ?? {})) {
      outputs[name] = oc.actions.join(",");
      outputValues[name] = withUnknowns(oc.after, oc.after_unknown);
    }
    return {
      ...counts.summary(),
      outputs,
      outputValues,
      ...riskyChanges(plan.resource_changes ?? []),
      priorResources: countPriorResources(plan),
    };
  }

  /**
   * The plan as `terraform show -json` prints it: against the work dir's state, never refreshed,
   * so nothing is read from AWS. Terraform's JSON plan format, not typed further here.
   */
  planJson(): any {
    this.run("plan", "-input=false", "-lock=false", "-refresh=false", "-no-color", "-out=offline.tfplan");
    return JSON.parse(this.run("show", "-json", "offline.tfplan"));
  }

  /** `terraform test`; returns its output, throws when a run fails. */
  test(): string {
    return this.run("test", "-no-color");
  }
}

/**
 * Without a mirror, work dirs that share a CLI configuration folder also share one provider
 * download cache beside it. (A mirror is linked from directly, which is faster than a cache.)
 */
function sharedPluginCache(folder: string): Record<string, string> {
  if (process.env[MIRROR_VARIABLE] || process.env.TF_PLUGIN_CACHE_DIR) return {};
  const cache = path.join(folder, "plugin-cache");
  fs.mkdirSync(cache, { recursive: true });
  return { TF_PLUGIN_CACHE_DIR: cache };
}
