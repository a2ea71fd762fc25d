import { SEED_DEFAULTS } from "./defaults";
import { EKS_PRIVATE_CLUSTER_ENDPOINTS, OPTIONAL_ENDPOINTS, SAGEMAKER_RUNTIME_ENDPOINT, SEED_INTERFACE_ENDPOINTS } from "./endpoint-services";
import { SETTINGS } from "./settings";
import { HOURS_PER_MONTH, PRICES } from "../cost/model";
import { NETWORK_OUTPUTS } from "../stacks/network-outputs";
import { DEFAULT_STATE_KEY_PREFIX } from "../terraform/state";

const STATE_DEFAULTS: Record<string, string> = {
  "state.backend": "local",
  "state.bucket": "",
  "state.region": "the environment's region",
  "state.keyPrefix": DEFAULT_STATE_KEY_PREFIX,
};

function defaultOf(key: string): string {
  if (key in STATE_DEFAULTS) return STATE_DEFAULTS[key];
  const value = SEED_DEFAULTS[key as keyof typeof SEED_DEFAULTS];
  return Array.isArray(value) ? value.join(",") : typeof value === "object" ? "" : String(value);
}

/** The README's configuration table, generated from the settings so it cannot drift. */
export function configurationTable(): string {
  const rows = SETTINGS.map((s) => `| \`${s.key}\` | \`${s.variable}\` | ${defaultOf(s.key) ? `\`${defaultOf(s.key)}\`` : "(empty)"} | ${s.meaning} |`);
  return ["| key | variable | default | meaning |", "|---|---|---|---|", ...rows].join("\n");
}

/** The README's interface endpoint table. */
export function endpointTable(): string {
  const groups = [
    ["always (seed)", SEED_INTERFACE_ENDPOINTS],
    ["`sagemakerRuntimeEndpoint`", [SAGEMAKER_RUNTIME_ENDPOINT]],
    ["`eksPrivateClusterEndpoints`", EKS_PRIVATE_CLUSTER_ENDPOINTS],
    ["`extraInterfaceEndpoints`", OPTIONAL_ENDPOINTS.filter((e) => ![SAGEMAKER_RUNTIME_ENDPOINT, ...EKS_PRIVATE_CLUSTER_ENDPOINTS].includes(e))],
  ] as const;
  const azs = SEED_DEFAULTS.availabilityZones.length;
  const perMonth = (PRICES.prices.interfaceEndpointAzHour.usd * azs * HOURS_PER_MONTH).toFixed(2);
  const rows = groups.flatMap(([when, services]) => services.map((e) => `| \`${e.service}\` | ${when} | ${e.purpose} | ${perMonth} |`));
  return [`| service | created by | why | USD/month (${azs} AZs) |`, "|---|---|---|---|", ...rows].join("\n");
}

/** The README's table of the network stack's outputs. */
export function outputsTable(): string {
  return ["| output | description |", "|---|---|", ...NETWORK_OUTPUTS.map((o) => `| \`${o.name}\` | ${o.description} |`)].join("\n");
}
