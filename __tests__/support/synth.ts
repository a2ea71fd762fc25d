import { App, Testing } from "cdktn";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadProjectConfig } from "../../src/config/load";
import { EnvironmentConfig } from "../../src/config/types";
import { environmentStacks } from "../../src/app";
import { DemoAlbStack } from "../../src/stacks/demo-alb-stack";
import { NetworkStack } from "../../src/stacks/network-stack";

/** A validated environment: the seed's defaults with `settings` laid over them, as a file would. */
export function environment(settings: Record<string, unknown> = {}, name = "prod"): EnvironmentConfig {
  return loadProjectConfig({ file: { environments: { [name]: settings } } }).environments[0];
}

/**
 * A cdktf testing app. Without an outdir Testing.app() makes a temp folder per call and never
 * removes it; Testing.synth writes nothing there, so the folder is removed as soon as the app exists.
 */
export function testingApp(): App {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-testing-app-"));
  try {
    return Testing.app({ outdir });
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The stacks as the app builds them, for the default environment: named `network` and `demo-alb`. */
export function networkStack(env = environment()): NetworkStack {
  return environmentStacks(testingApp(), env, true).network;
}

/** `isDefault` false: the stacks of a non-default environment, named `network-<env>` and `demo-alb-<env>`. */
export function demoAlbStack(env = environment(), isDefault = true): DemoAlbStack {
  return environmentStacks(testingApp(), env, isDefault).demoAlb;
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

/** The demo's own name and the zone that holds it (domain mode). */
export const DEMO_DOMAIN = { demoDomainName: "forecast.example.com", demoHostedZoneId: "Z0123456789ABCDEFGHIJ" } as const;

/** How many resources of each type a synthesized stack holds: what a plan from scratch adds. */
export function resourceCounts(json: string): Record<string, number> {
  const resource: Record<string, Record<string, unknown>> = JSON.parse(json).resource ?? {};
  return Object.fromEntries(Object.entries(resource).map(([type, byName]) => [type, Object.keys(byName).length]));
}

/** The number of resources of a synthesized stack. */
export const resourceTotal = (json: string) => Object.values(resourceCounts(json)).reduce((a, b) => a + b, 0);
