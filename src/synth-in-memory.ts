import { App, TerraformStack } from "cdktf";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stackNames } from "./config/names";
import { EnvironmentConfig } from "./config/types";
import { DemoAlbStack } from "./stacks/demo-alb-stack";
import { NetworkStack } from "./stacks/network-stack";

/** The stack's Terraform JSON, as `cdktf synth` would write it, without writing anything. */
export function stackJson(stack: TerraformStack): string {
  return JSON.stringify(stack.toTerraform(), null, 2);
}

/** Both stacks of one environment, synthesized in memory (for tools: cost, preview, diagram). */
export function synthEnvironment(env: EnvironmentConfig, isDefault = true) {
  const names = stackNames(env.name, isDefault);
  // An App creates its output folder, though nothing is written to it here: a private one, removed at once.
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "mlops-in-memory-synth-"));
  try {
    const app = new App({ stackTraces: false, outdir });
    return {
      names,
      network: stackJson(new NetworkStack(app, names.network, env)),
      demoAlb: stackJson(new DemoAlbStack(app, names.demoAlb, { env, networkStackName: names.network })),
    };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}
