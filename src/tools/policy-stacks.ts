import { EndpointServiceName } from "../aws/endpoint-service-names";
import { synthEnvironment } from "../app";
import { arn } from "../aws/partition";
import { EnvironmentConfig, ProjectConfig } from "../config/types";
import { MutationBase } from "../policy/mutations";

/** A synthesized stack checkov judges, with the name it deploys under. */
export interface PolicyStack {
  readonly label: string;
  /** The stack name, as `cdktn synth` names it (SECURITY.md's stacks column matches it). */
  readonly name: string;
  readonly json: string;
}

/** The demo's own name and the zone that holds it, for the domain-mode stacks (no such zone is needed to synthesize). */
export const DEMO_DOMAIN = {
  demoDomainName: "forecast.example.com",
  demoHostedZoneId: "Z0123456789ABCDEFGHIJ",
  demoHostedZoneName: "example.com",
};

/** An ACM certificate ARN in `region`'s partition, for the demo with `certificateArn` (nothing reads it). */
export const demoCertificateArn = (region: string) =>
  arn(region, { service: "acm", region, account: "123456789012", resource: "certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0" });

/** An environment's network and demo (HTTP only unless the environment names a certificate or domain), labelled `<label> network` and `<label> demo-alb (HTTP only)`. */
export function environmentPolicyStacks(config: ProjectConfig, env: EnvironmentConfig, label: string): [PolicyStack, PolicyStack] {
  const s = synthEnvironment(env, env.name === config.defaultEnvironment);
  return [
    { label: `${label} network`, name: s.names.network, json: s.network },
    { label: `${label} demo-alb (HTTP only)`, name: s.names.demoAlb, json: s.demoAlb },
  ];
}

/**
 * The stacks as they are deployed: every environment's network and HTTP-only demo, and the default
 * environment's demo with a certificate and both stacks on the demo's own name (domain mode).
 */
export function cleanStacks(config: ProjectConfig): PolicyStack[] {
  const defaultEnv = config.environments.find((e) => e.name === config.defaultEnvironment)!;
  const https = environmentPolicyStacks(
    config,
    { ...defaultEnv, certificateArn: demoCertificateArn(defaultEnv.region) },
    defaultEnv.name,
  )[1];
  return [
    ...config.environments.flatMap((env) => environmentPolicyStacks(config, env, env.name)),
    { ...https, label: `${defaultEnv.name} demo-alb (HTTPS)` },
    ...environmentPolicyStacks(config, { ...defaultEnv, ...DEMO_DOMAIN }, defaultEnv.name).map((v) => ({
      ...v,
      label: v.label.replace("(HTTP only)", "").trim() + " (domain)",
    })),
  ];
}

/** The clean stack each mutation base names (src/policy/mutations.ts), from `cleanStacks`. */
export function mutationBases(config: ProjectConfig, clean: readonly PolicyStack[]): Record<MutationBase, PolicyStack> {
  const natEnv = config.environments.find((e) => e.egress === "nat-gateway");
  const find = (what: string, match: (label: string) => boolean) => {
    const found = clean.find((v) => match(v.label));
    if (!found) throw new Error(`no clean stack for the mutations' ${what} (the checked-in configuration changed?)`);
    return found;
  };
  return {
    network: find("default network", (l) => l === `${config.defaultEnvironment} network`),
    natNetwork: find("NAT-egress network", (l) => l === `${natEnv?.name} network`),
    demoHttps: find("demo with a certificate", (l) => l.endsWith("demo-alb (HTTPS)")),
    networkDomain: find("network in domain mode", (l) => l.endsWith("network (domain)")),
    demoDomain: find("demo in domain mode", (l) => l.endsWith("demo-alb (domain)")),
  };
}

/** Every optional feature on (not a deployed stack: SECURITY.md's exceptions may be absent from it, but nothing else may fail). */
const SWITCHES: Partial<EnvironmentConfig> = {
  sagemakerRuntimeEndpoint: true,
  clusterFeatures: ["irsa", "pod-identity", "load-balancer-controller", "cluster-autoscaler", "eks-api"],
  extraInterfaceEndpoints: [EndpointServiceName.SSM],
  flowLogKmsKeyArn: "arn:aws:kms:ap-southeast-1:123456789012:key/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
  s3EndpointAllowedBuckets: ["retail-models"],
  costAlarmThresholdUsd: 30,
  costAlarmEmail: "ops@example.com",
};

/** The default environment's network with every switch on, and the same with NAT egress (the environment that chose it, or the default one switched to it). */
export function everySwitchStacks(config: ProjectConfig): PolicyStack[] {
  const defaultEnv = config.environments.find((e) => e.name === config.defaultEnvironment)!;
  const natEnv = config.environments.find((e) => e.egress === "nat-gateway") ?? { ...defaultEnv, egress: "nat-gateway" as const };
  return [
    environmentPolicyStacks(config, { ...defaultEnv, ...SWITCHES }, "every switch")[0],
    environmentPolicyStacks(config, { ...natEnv, ...SWITCHES }, "every switch, NAT egress")[0],
  ];
}
