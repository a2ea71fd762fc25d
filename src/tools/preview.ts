import * as path from "path";
import { EnvironmentConfig } from "../config/types";
import type { synthEnvironment } from "../synth-in-memory";
import { placeholderState } from "../terraform/placeholder-state";
import { OfflineWorkdir, PlanSummary } from "../terraform/workdir";

export interface StackPreview {
  readonly stack: string;
  readonly plan: PlanSummary & { outputValues: Record<string, unknown> };
}

/** Plans both synthesized stacks of an environment offline, in work dirs under `root`. */
export function previewEnvironment(stacks: ReturnType<typeof synthEnvironment>, root: string): StackPreview[] {
  const targets = [
    { stack: stacks.names.network, json: stacks.network, remoteStates: {} as Record<string, object> },
    // Nothing is deployed: the demo reads placeholder network outputs.
    { stack: stacks.names.demoAlb, json: stacks.demoAlb, remoteStates: { network: placeholderState(stacks.network) } },
  ];
  return targets.map(({ stack, json, remoteStates }) => {
    const workdir = new OfflineWorkdir({ files: { "cdk.tf.json": json }, dir: path.join(root, stack), remoteStates, cliConfigFile: path.join(root, "terraformrc") });
    workdir.init();
    return { stack, plan: workdir.planDetailed() };
  });
}

export function formatPreview(env: EnvironmentConfig, previews: readonly StackPreview[]): string {
  const lines = [`Offline preview of environment "${env.name}" in ${env.region}: fake credentials, no AWS calls.`, ""];
  for (const { stack, plan } of previews) {
    const total = Object.values(plan.add).reduce((a, b) => a + b, 0);
    lines.push(`Stack ${stack}: ${total} to add, ${plan.change} to change, ${plan.destroy} to destroy`);
    for (const [type, count] of Object.entries(plan.add).sort()) lines.push(`  ${String(count).padStart(3)}  ${type}`);
    lines.push("  outputs:");
    for (const [output, value] of Object.entries(plan.outputValues)) lines.push(`    ${output} = ${JSON.stringify(value)}`);
    lines.push("");
  }
  lines.push('The demo-alb plan read placeholder network outputs ("...-placeholder-..."), not a deployed network.');
  return lines.join("\n");
}
