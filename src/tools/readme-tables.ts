import { HOURS_PER_MONTH, PRICES } from "../cost/model";
import { KNOWN_ENDPOINTS, SAGEMAKER_RUNTIME_ENDPOINT, ECR_AND_LOGS_ENDPOINTS } from "../config/endpoint-catalog";
import { isDerived, SETTING_KEYS, SETTINGS } from "../config/schema";
import { SERVICE_REQUIREMENTS } from "../eks/cluster-requirements";
import { NETWORK_OUTPUTS } from "../stacks/network-outputs";

const shown = (value: unknown) =>
  Array.isArray(value) ? value.join(",") : typeof value === "object" ? JSON.stringify(value) : String(value);

/** docs/configuration.md's settings table, generated from the schema so it cannot drift. */
export function configurationTable(): string {
  const rows = SETTING_KEYS.map((key) => {
    const s = SETTINGS[key];
    const value = isDerived(s.default)
      ? `${s.default.from}`
      : shown(s.default) === "" || shown(s.default) === "{}"
        ? "(empty)"
        : `\`${shown(s.default)}\``;
    const renamed = Object.entries(s.renamedValues ?? {}).map(
      ([old, now]) => ` (\`${old}\`: the old name of \`${String(now)}\`, read with a warning)`,
    );
    return `| \`${key}\` | \`${s.variable}\` | ${value} | ${s.description}${renamed.join("")} |`;
  });
  return ["| key | variable | default | meaning |", "|---|---|---|---|", ...rows].join("\n");
}

/** docs/configuration.md's interface endpoint table: which setting creates each, why, and its monthly price. */
export function endpointTable(): string {
  const createdBy = (service: string) => {
    if (ECR_AND_LOGS_ENDPOINTS.some((e) => e.service === service)) return "`endpointSet` `cluster` or `ecr-and-logs`";
    const requirement = SERVICE_REQUIREMENTS.find((r) => r.service === service);
    if (requirement)
      return requirement.features ? `cluster feature ${requirement.features.map((f) => `\`${f}\``).join(" or ")}` : "endpointSet `cluster`";
    if (service === SAGEMAKER_RUNTIME_ENDPOINT.service) return "`sagemakerRuntimeEndpoint`";
    return "`extraInterfaceEndpoints`";
  };
  const azs = 2;
  const perMonth = (PRICES.prices.interfaceEndpointAzHour.usd * azs * HOURS_PER_MONTH).toFixed(2);
  const rows = KNOWN_ENDPOINTS.map((e) => `| \`${e.service}\` | ${createdBy(e.service)} | ${e.purpose} | ${perMonth} |`);
  return [`| service | created by | why | USD/month (${azs} AZs) |`, "|---|---|---|---|", ...rows].join("\n");
}

/** README.md's table of the network stack's outputs (the public contract, so on the front page). */
export function outputsTable(): string {
  return ["| output | description |", "|---|---|", ...NETWORK_OUTPUTS.map((o) => `| \`${o.name}\` | ${o.description} |`)].join("\n");
}
