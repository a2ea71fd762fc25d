import { Testing } from "cdktf";
import { loadProjectConfig } from "../../src/config/load";
import { EnvironmentConfig } from "../../src/config/types";
import { DemoAlbStack } from "../../src/stacks/demo-alb-stack";
import { NetworkStack } from "../../src/stacks/network-stack";

/** A validated environment: the seed's defaults with `settings` laid over them, as a file would. */
export function environment(settings: Record<string, unknown> = {}, name = "prod"): EnvironmentConfig {
  return loadProjectConfig({ file: { environments: { [name]: settings } } }).environments[0];
}

export function networkStack(env = environment()): NetworkStack {
  return new NetworkStack(Testing.app(), "network", env);
}

export function demoAlbStack(env = environment()): DemoAlbStack {
  return new DemoAlbStack(Testing.app(), "demo-alb", { env, networkStackName: "network" });
}

/** Synthesized JSON of the network stack of `env`. */
export function synthNetwork(env = environment()): string {
  return Testing.synth(networkStack(env));
}

export function synthDemoAlb(env = environment()): string {
  return Testing.synth(demoAlbStack(env));
}

/** The resources of type `type` in a synthesized stack, by Terraform name. */
export function resources(json: string, type: string): Record<string, Record<string, any>> {
  return JSON.parse(json).resource?.[type] ?? {};
}

export const CERTIFICATE_ARN = "arn:aws:acm:ap-southeast-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
