import { stateFileLocal } from "../stacks/network-state-check";

/** Credentials that exist only to satisfy the provider during an offline plan. */
export const OFFLINE_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: "AKIAOFFLINEPLANONLY00",
  AWS_SECRET_ACCESS_KEY: "offline-plan-only-not-a-real-secret",
  AWS_EC2_METADATA_DISABLED: "true",
};

/**
 * Skip every call the AWS provider makes on its own; set only in an offline work dir, never in synth.
 * Without the account id request there is no account to compare with the environment's
 * `allowed_account_ids`, so the provider would refuse every offline plan: the guard is unset there
 * (null in an override file), and only there.
 */
const OFFLINE_PROVIDER_FLAGS = {
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
  skip_region_validation: true,
  allowed_account_ids: null,
};

/**
 * The override for one module's files: the offline flags on each of its aws provider
 * configurations, local state (root module only) and fixtures for its remote-state data sources.
 * Terraform refuses overrides of blocks that do not exist, so only what is there is overridden.
 */
export function offlineOverride(contents: string[], fixtures: Record<string, string>, root: boolean): Record<string, unknown> {
  const json = contents.filter((c) => c.trimStart().startsWith("{")).map((c) => JSON.parse(c));
  const hcl = contents.filter((c) => !c.trimStart().startsWith("{")).join("\n");
  const aliases = [
    ...json.flatMap((j) => (j.provider?.aws ?? []) as { alias?: string }[]).map((p) => p.alias ?? ""),
    ...(/^provider\s+"aws"/m.test(hcl) ? [""] : []),
  ];
  const remoteStates = Object.keys(fixtures).filter(
    (name) =>
      json.some((j) => j.data?.terraform_remote_state?.[name]) || new RegExp(`data\\s+"terraform_remote_state"\\s+"${name}"`).test(hcl),
  );
  const override: Record<string, unknown> = {};
  if (aliases.length > 0) {
    override.provider = { aws: [...new Set(aliases)].map((alias) => ({ ...(alias ? { alias } : {}), ...OFFLINE_PROVIDER_FLAGS })) };
  }
  if (root && json.some((j) => j.terraform?.backend)) override.terraform = { backend: { local: { path: "terraform.tfstate" } } };
  if (remoteStates.length > 0) {
    override.data = {
      terraform_remote_state: Object.fromEntries(remoteStates.map((n) => [n, { backend: "local", config: { path: fixtures[n] } }])),
    };
    // The demo checks that the state file exists before reading it: the fixture is the file now.
    const checked = remoteStates.filter((n) => json.some((j) => j.locals?.[stateFileLocal(n)] !== undefined));
    if (checked.length > 0) override.locals = Object.fromEntries(checked.map((n) => [stateFileLocal(n), fixtures[n]]));
  }
  return override;
}
