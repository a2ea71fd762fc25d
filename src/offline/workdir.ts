import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { trackChild } from "../cleanup";
import { AWS_PROVIDER, MIRROR_VARIABLE, terraformEnvironment } from "./cli-config";
import { OFFLINE_CREDENTIALS, offlineOverride } from "./offline-override";
import { DetailedPlan, detailedPlan, Diagnostic, PlanSummary, TerraformPlan } from "./plan-summary";
import { withoutImports } from "./without-imports";

/** Terraform failed, or is missing: its own messages say what went wrong, so tools print them without a trace. */
export class TerraformError extends Error {
  override name = "TerraformError";
}

export type { DetailedPlan, Diagnostic, PlanSummary, TerraformPlan };

export interface OfflineWorkdirOptions {
  /** Terraform configuration files by name: a synthesized `cdk.tf.json`, or `.tf` files. */
  readonly files: Record<string, string>;
  /** Values of the configuration's input variables. @default none */
  readonly variables?: Record<string, string>;
  /** Folder to create the work dir in (it is emptied first). */
  readonly dir: string;
  /**
   * State files to read instead of other stacks' real state, by remote-state data source name;
   * `<folder>/<name>` gives one module folder a state of its own; null: no state there (as before a deploy).
   */
  readonly remoteStates?: Record<string, object | null>;
  /** `terraform test` files to write into `tests/`, by file name (`*.tftest.hcl`). */
  readonly testFiles?: Record<string, string>;
  /** Where the generated Terraform CLI configuration goes. @default `<dir>/.terraformrc` */
  readonly cliConfigFile?: string;
  /** Contents of a state file to plan against (a copy; the original is never written). @default empty state */
  readonly state?: string;
}

/** The state file of a work dir: the offline override points the backend here, and it is terraform's default. */
const WORKDIR_STATE_FILE = "terraform.tfstate";

/**
 * Terraform and the provider are Go programs that live a few seconds here: holding the garbage
 * collector off until a process's heap reaches 512 MiB cuts their CPU time by about a third, for
 * about 200 MB more at peak per process (`npm run bench` compares a preview with Go's default).
 * A GOGC or GOMEMLIMIT of the user's wins.
 */
const SHORT_LIVED_GO: Record<string, string> =
  process.env.GOGC !== undefined || process.env.GOMEMLIMIT !== undefined ? {} : { GOGC: "off", GOMEMLIMIT: "512MiB" };

/** The AWS provider's schema (`providers schema -json`) alone is over 13 MB. */
const MAX_OUTPUT = 256 * 1024 * 1024;

/**
 * A copy of a synthesized stack that terraform can init, plan and test with no AWS
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
      fs.writeFileSync(path.join(dir, name), withoutImports(name, content));
    }
    this.writeOverrides();
    if (options.state !== undefined) this.writeState(options.state);
    for (const [name, content] of Object.entries(options.testFiles ?? {})) this.writeTestFile(name, content);
    const cliConfigFile = options.cliConfigFile ?? path.join(dir, ".terraformrc");
    this.env = {
      ...process.env,
      ...terraformEnvironment(cliConfigFile),
      ...sharedPluginCache(path.dirname(cliConfigFile)),
      ...OFFLINE_CREDENTIALS,
      ...SHORT_LIVED_GO,
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
    for (const [key, state] of Object.entries(this.options.remoteStates ?? {})) {
      fixtures[key] = path.join(this.options.dir, `remote-state-${key.replace(/\//g, "--")}.tfstate`);
      if (state !== null) fs.writeFileSync(fixtures[key], JSON.stringify(state, null, 2));
    }
    for (const [dir, contents] of byDir) {
      // A folder's own fixtures (`<folder>/<name>`) win over the shared ones.
      const own = Object.entries(fixtures).filter(([key]) => key.startsWith(`${dir}/`));
      const forDir = { ...fixtures, ...Object.fromEntries(own.map(([key, file]) => [key.slice(dir.length + 1), file])) };
      const override = offlineOverride(contents, forDir, dir === ".");
      if (Object.keys(override).length > 0) {
        fs.writeFileSync(path.join(this.options.dir, dir, "offline_override.tf.json"), JSON.stringify(override, null, 2));
      }
    }
  }

  /** The configuration files by name, as given. */
  get files(): Readonly<Record<string, string>> {
    return this.options.files;
  }

  /** Replaces the work dir's state (JSON text or a state object). */
  writeState(state: string | object): void {
    fs.writeFileSync(path.join(this.options.dir, WORKDIR_STATE_FILE), typeof state === "string" ? state : JSON.stringify(state, null, 2));
  }

  /** Writes a `terraform test` file into `tests/`. */
  writeTestFile(name: string, content: string): void {
    fs.mkdirSync(path.join(this.options.dir, "tests"), { recursive: true });
    fs.writeFileSync(path.join(this.options.dir, "tests", name), content);
  }

  /**
   * Runs terraform with `args` without blocking, so that work dirs can run side by side; throws
   * with its output when it fails.
   */
  async run(...args: string[]): Promise<string> {
    const { stdout, failure } = await this.exec(args);
    if (failure) throw failure;
    return stdout;
  }

  /** Runs terraform; a failure is returned with the output rather than thrown, so that `-json` output can be read. */
  private exec(args: string[]): Promise<{ stdout: string; failure?: Error }> {
    return new Promise((resolve, reject) => {
      trackChild(
        execFile(
          "terraform",
          args,
          { cwd: this.options.dir, env: this.env, encoding: "utf8", maxBuffer: MAX_OUTPUT },
          (error, stdout, stderr) => {
            if (!error) return resolve({ stdout });
            if ((error as NodeJS.ErrnoException).code === "ENOENT")
              return reject(new TerraformError("terraform is not on PATH: install Terraform 1.10 or later."));
            const failure = new TerraformError(`terraform ${args.join(" ")} failed in ${this.options.dir}:\n${stderr}${stdout}`, {
              cause: error,
            });
            return resolve({ stdout, failure });
          },
        ),
      );
    });
  }

  /**
   * A terraform command with `-json` output, as its messages. When it fails, the error holds the
   * error diagnostics as text (summary and detail), not the JSON around them.
   */
  private async messages(args: string[]): Promise<TerraformMessage[]> {
    const { stdout, failure } = await this.exec(args);
    const messages = parseMessages(stdout, args, failure !== undefined);
    if (failure) {
      const errors = messages
        .filter((m) => m.type === "diagnostic" && m.diagnostic?.severity === "error")
        .map((m) => diagnosticText(m.diagnostic!));
      throw new TerraformError(`terraform ${args[0]} failed in ${this.options.dir}:\n${errors.join("\n") || failure.message}`, {
        cause: failure,
      });
    }
    return messages;
  }

  async init(): Promise<void> {
    try {
      await this.run("init", "-input=false", "-no-color");
    } catch (e) {
      const message = (e as Error).message;
      if (!this.env[MIRROR_VARIABLE] && /provider|registry/i.test(message)) {
        throw new TerraformError(
          `terraform init could not install hashicorp/aws ${AWS_PROVIDER.version}: there is no provider mirror and the registry ` +
            `did not answer. Set TF_PROVIDER_MIRROR to a folder holding ${AWS_PROVIDER.address}/${AWS_PROVIDER.version}/… ` +
            `(see docs/air-gapped.md).\n${message}`,
          { cause: e },
        );
      }
      throw e;
    }
  }

  /**
   * The plan as `terraform show -json` prints it, with the plan's warnings: against the work dir's
   * state, never refreshed, so nothing is read from AWS.
   */
  async planJson(): Promise<{ plan: TerraformPlan; diagnostics: Diagnostic[] }> {
    const messages = await this.messages(["plan", "-input=false", "-lock=false", "-refresh=false", "-json", "-out=offline.tfplan"]);
    const plan = JSON.parse(await this.run("show", "-json", "offline.tfplan")) as TerraformPlan;
    return { plan, diagnostics: diagnosticsOf(messages) };
  }

  /** A plan file read back with `terraform show`: the counts, the planned output values, replacements and destroys. */
  async planDetailed(): Promise<DetailedPlan & { diagnostics: Diagnostic[] }> {
    const { plan, diagnostics } = await this.planJson();
    return { ...detailedPlan(plan), diagnostics };
  }

  /** `terraform test -json`, as its messages; throws with the failing runs' diagnostics when a run fails. */
  async test(...args: string[]): Promise<TerraformMessage[]> {
    return this.messages(["test", "-json", ...args]);
  }

  /**
   * `terraform test -json`, as its messages, whether its runs pass or fail: each run's status
   * (`test_run`), diagnostics and, with `-verbose`, plan or state are there to read. Throws only
   * when terraform could not test at all (no summary).
   */
  async testRuns(...args: string[]): Promise<TerraformMessage[]> {
    const { stdout, failure } = await this.exec(["test", "-json", ...args]);
    const messages = parseMessages(stdout, ["test"], failure !== undefined);
    if (!messages.some((m) => m.type === "test_summary")) {
      const errors = diagnosticsOf(messages).filter((d) => d.severity === "error");
      throw new TerraformError(
        `terraform test did not run in ${this.options.dir}:\n${errors.map(diagnosticText).join("\n") || failure?.message}`,
      );
    }
    return messages;
  }
}

/** One line of terraform's machine-readable UI (`-json`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the message kinds read here are typed where they are read
export type TerraformMessage = { type: string; diagnostic?: Diagnostic } & Record<string, any>;

/** The JSON lines of terraform's output; a line cut short is skipped when the command `failed` (its error is reported instead). */
function parseMessages(stdout: string, args: string[], failed: boolean): TerraformMessage[] {
  return stdout.split("\n").flatMap((line): TerraformMessage[] => {
    if (!line.startsWith("{")) return [];
    try {
      return [JSON.parse(line)];
    } catch {
      if (failed) return [];
      throw new Error(`terraform ${args.join(" ")} printed a line that is not JSON: ${line.slice(0, 200)}`);
    }
  });
}

function diagnosticsOf(messages: TerraformMessage[]): Diagnostic[] {
  return messages.filter((m) => m.type === "diagnostic" && m.diagnostic).map((m) => m.diagnostic!);
}

/** A diagnostic as terraform words it: severity, summary, file, then the detail indented. */
export function diagnosticText(d: Diagnostic): string {
  const where = d.range ? ` (${d.range.filename})` : "";
  return `${d.severity === "error" ? "Error" : "Warning"}: ${d.summary}${where}${d.detail ? `\n  ${d.detail.replace(/\n/g, "\n  ")}` : ""}`;
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
