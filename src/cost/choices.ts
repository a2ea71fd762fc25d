import { CLUSTER_FEATURES, requiredInterfaceServices } from "../eks/cluster-requirements";
import { ECR_AND_LOGS_ENDPOINTS } from "../config/endpoint-catalog";
import { EnvironmentConfig } from "../config/types";
import { monthly, networkLines, sum } from "./model";

/** One way to build the network, priced by synthesizing it. */
export interface DesignChoice {
  readonly name: string;
  /** What it means for the cluster. */
  readonly note: string;
  readonly monthlyUsd: number;
  /** Whether `env` is this choice. */
  readonly current: boolean;
}

/**
 * The egress and endpoint choices of `env`'s network, each priced at rest from its own
 * synthesized stack (`synthNetwork`), so the prices follow the code rather than a formula.
 */
export function designChoices(env: EnvironmentConfig, synthNetwork: (env: EnvironmentConfig) => string): DesignChoice[] {
  const price = (change: Partial<EnvironmentConfig>) => sum(networkLines(synthNetwork({ ...env, ...change })), monthly);
  const is = (change: Partial<EnvironmentConfig>) =>
    Object.entries(change).every(([k, v]) => JSON.stringify(env[k as keyof EnvironmentConfig]) === JSON.stringify(v));
  const choice = (name: string, note: string, change: Partial<EnvironmentConfig>): DesignChoice => ({
    name,
    note,
    monthlyUsd: price(change),
    current: is(change),
  });
  const endpoints = { egress: "vpc-endpoints" as const, endpointSet: "cluster" as const };
  return [
    choice(
      `vpc-endpoints, endpointSet ecr-and-logs (${ECR_AND_LOGS_ENDPOINTS.map((e) => e.service).join(", ")})`,
      "nodes cannot join: no ec2 endpoint",
      {
        egress: "vpc-endpoints",
        endpointSet: "ecr-and-logs",
      },
    ),
    choice(`vpc-endpoints, endpointSet cluster, features ${env.clusterFeatures.join(" + ")}`, "the cluster runs with no internet path", {
      ...endpoints,
      clusterFeatures: env.clusterFeatures,
    }),
    ...CLUSTER_FEATURES.filter((f) => !env.clusterFeatures.includes(f)).map((f) => {
      const added = requiredInterfaceServices([...env.clusterFeatures, f]).filter(
        (s) => !requiredInterfaceServices(env.clusterFeatures).includes(s),
      );
      return choice(`  … plus feature ${f}`, `${added.join(", ") || "no endpoint"}`, {
        ...endpoints,
        clusterFeatures: [...env.clusterFeatures, f],
      });
    }),
    choice("nat-gateway, endpointSet none (S3 gateway kept)", "internet egress: an exfiltration path; + NAT per GB", {
      egress: "nat-gateway",
      endpointSet: "none",
    }),
  ];
}
