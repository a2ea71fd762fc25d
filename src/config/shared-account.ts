import { ECR_PUBLIC_CACHE } from "../eks/cluster-requirements";
import { suggestion } from "./did-you-mean";
import { SETTINGS, SettingKey } from "./schema";
import { EnvironmentConfig } from "./types";

/** What the account-wide resources are, for messages. */
const ONCE_PER_ACCOUNT = `the ECR registry policy and the "${ECR_PUBLIC_CACHE.prefix}" pull-through cache rule, which exist once per account and region`;

export interface SharedAccountInput {
  /** Every environment as resolved; one with bad values may lack some (those are reported elsewhere). */
  readonly environments: readonly Partial<EnvironmentConfig>[];
  readonly defaultEnvironment: string;
  readonly selected: string;
  readonly fileName: string;
  readonly vars: Readonly<Record<string, string | undefined>>;
}

/**
 * Rules between environments about the resources an account has once per region: of the
 * environments that may share an account and region, one creates them and the others name it in
 * `ecrRegistryOwner`. Two creators in one known account are an error; two in one region whose
 * accounts synth cannot tell (an empty `accountId`) are a warning for the selected environment.
 */
export function sharedAccountChecks(input: SharedAccountInput): { problems: string[]; warnings: string[] } {
  const { environments, fileName, vars, selected } = input;
  const problems: string[] = [];
  const warnings: string[] = [];
  const label = (env: Partial<EnvironmentConfig>, key: SettingKey) => {
    const variable = SETTINGS[key].variable;
    const value = JSON.stringify(env[key as keyof EnvironmentConfig]);
    return env.name === selected && vars[variable] !== undefined
      ? `${variable} (${env.name}.${key}) = ${value}`
      : `${fileName} environments.${env.name}.${key} = ${value}`;
  };
  const names = environments.map((e) => e.name!);
  const caching = environments.filter((e) => e.ecrPullThroughCache === true);

  for (const env of caching.filter((e) => e.ecrRegistryOwner)) {
    const ownerName = env.ecrRegistryOwner!;
    const owner = environments.find((e) => e.name === ownerName);
    const bad = (fix: string) => problems.push(`${label(env, "ecrRegistryOwner")}: ${fix}`);
    if (!owner) {
      const others = names.filter((n) => n !== env.name);
      bad(
        `no environment is called ${ownerName}.${suggestion(ownerName, others)} Name one of ${others.join(", ") || "(none)"}, or leave it empty`,
      );
    } else if (owner === env) {
      bad("names this environment itself; leave it empty: an environment owns its cache rule and registry policy unless it names another");
    } else if (owner.ecrRegistryOwner) {
      bad(
        `${ownerName} reads the cache rule of ${owner.ecrRegistryOwner} itself; name the environment that owns it: ecrRegistryOwner "${owner.ecrRegistryOwner}"`,
      );
    } else if (owner.ecrPullThroughCache === false) {
      bad(
        `${ownerName} has ecrPullThroughCache off, so it creates no cache rule for ${env.name} to read; turn it on in ${ownerName}, or leave ecrRegistryOwner empty (${env.name} then owns its own)`,
      );
    } else if (owner.region && env.region && owner.region !== env.region) {
      bad(
        `${ownerName} is in ${owner.region} and ${env.name} in ${env.region}: a registry is per region; leave ecrRegistryOwner empty (${env.name} then owns its own in ${env.region})`,
      );
    } else if (owner.accountId && env.accountId && owner.accountId !== env.accountId) {
      bad(
        `${ownerName} deploys into account ${owner.accountId} and ${env.name} into ${env.accountId}: each account has its own registry; leave ecrRegistryOwner empty (${env.name} then owns its own)`,
      );
    }
  }

  // Owners that may meet in one registry; the default environment is the one proposed to keep ownership.
  const owners = caching
    .filter((e) => !e.ecrRegistryOwner)
    .sort((a, b) => Number(b.name === input.defaultEnvironment) - Number(a.name === input.defaultEnvironment));
  owners.forEach((other, i) => {
    for (const first of owners.slice(0, i)) {
      if (!first.region || first.region !== other.region) continue;
      if (first.accountId && other.accountId && first.accountId !== other.accountId) continue;
      const fix = `set ${other.name}'s ecrRegistryOwner to "${first.name}" (${other.name} then reads ${first.name}'s rule and writes neither; deploy ${first.name} first), or turn ${other.name}'s ecrPullThroughCache off`;
      if (first.accountId && first.accountId === other.accountId) {
        problems.push(
          `${label(other, "ecrRegistryOwner")}: ${other.name} and ${first.name} both deploy into account ${first.accountId} in ${first.region}, and both would create ${ONCE_PER_ACCOUNT}: ${other.name}'s deploy would fail on ${first.name}'s rule, and destroying ${other.name} would delete the registry policy ${first.name} relies on; ${fix}`,
        );
      } else if (selected === first.name || selected === other.name) {
        const empty = [first, other].filter((e) => !e.accountId).map((e) => e.name);
        warnings.push(
          `accountId of ${empty.join(" and ")} is empty, and ${first.name} and ${other.name} are both in ${first.region} with ecrPullThroughCache on: synth cannot tell whether they share an account. In separate accounts nothing needs changing: set each accountId to say so (deploys then also refuse another account's credentials). In one account both would create ${ONCE_PER_ACCOUNT}: set both accountIds, and ${fix}`,
        );
      }
    }
  });
  return { problems, warnings };
}
