import { App, TerraformStack } from "cdktn";
import { Construct } from "constructs";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stackNames } from "./config/names";
import { EnvironmentConfig, ProjectConfig } from "./config/types";
import { DemoAlbStack } from "./stacks/demo-alb-stack";
import { NetworkStack } from "./stacks/network-stack";

/**
 * One environment as its pair of stacks: `network` and `demo-alb` for the default environment,
 * `network-<env>` and `demo-alb-<env>` for the others. The app, the tools and the tests all build
 * stacks through this function.
 */
export function environmentStacks(scope: Construct, env: EnvironmentConfig, isDefault: boolean) {
  const names = stackNames(env.name, isDefault);
  const network = new NetworkStack(scope, names.network, env);
  const demoAlb = new DemoAlbStack(scope, names.demoAlb, { env, networkStackName: names.network });
  return { env, names, network, demoAlb };
}

/** Every environment of the configuration. */
export function addEnvironments(scope: Construct, config: ProjectConfig) {
  return config.environments.map((env) => environmentStacks(scope, env, env.name === config.defaultEnvironment));
}

/** The stack's Terraform JSON, as `cdktn synth` would write it, without writing anything. */
export function stackJson(stack: TerraformStack): string {
  return JSON.stringify(stack.toTerraform(), null, 2);
}

/** Both stacks of one environment, synthesized in memory (for tools: cost, preview, diagram, verify). */
export function synthEnvironment(env: EnvironmentConfig, isDefault = true) {
  // An App creates its output folder, though nothing is written to it here: a private one, removed at once.
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "mlops-in-memory-synth-"));
  try {
    const { names, network, demoAlb } = environmentStacks(new App({ stackTraces: false, outdir }), env, isDefault);
    return { names, network: stackJson(network), demoAlb: stackJson(demoAlb) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** An environment's two stacks as synthesized JSON, by the names they deploy under. */
export type SynthesizedEnvironment = ReturnType<typeof synthEnvironment>;
