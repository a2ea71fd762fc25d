import { SettingKey, SettingValues } from "./schema";

/**
 * A setting that does nothing in the chosen combination: `key` is given, but `because` (another
 * setting) makes it moot. An error where the user evidently expected something to happen; a
 * warning where the result still works, only not as well as they may think.
 */
interface NoEffect {
  readonly key: SettingKey;
  readonly because: SettingKey;
  readonly level: "error" | "warning";
  /** True when `key` has no effect; `v` holds the valid values. */
  readonly moot: (v: Partial<SettingValues>) => boolean;
  /** What happens instead, and the fix. */
  readonly fix: string;
}

const local = (v: Partial<SettingValues>) => v["state.backend"] === "local";

export const NO_EFFECT: readonly NoEffect[] = [
  ...(["state.bucket", "state.region", "state.keyPrefix"] as const).map((key): NoEffect => ({
    key,
    because: "state.backend",
    level: "error",
    moot: local,
    fix: 'the local backend keeps the state in files at the project root; set state.backend "s3" (MLOPS_STATE_BACKEND=s3), or remove it',
  })),
  {
    key: "eksClusterName",
    because: "eksSubnetTags",
    level: "error",
    moot: (v) => v.eksSubnetTags === false,
    fix: "the cluster tag is one of the EKS subnet tags, which are off; set eksSubnetTags true, or remove eksClusterName",
  },
  {
    key: "s3EndpointAllowedBuckets",
    because: "s3EndpointAccess",
    level: "error",
    moot: (v) => v.s3EndpointAccess !== undefined && v.s3EndpointAccess !== "buckets",
    fix: 'the bucket list is the policy only with access "buckets"; set s3EndpointAccess "buckets", or remove the list',
  },
  {
    key: "clusterFeatures",
    because: "endpointSet",
    level: "error",
    moot: (v) => v.endpointSet !== undefined && v.endpointSet !== "cluster",
    fix: 'the features choose endpoints only with endpointSet "cluster"; set it, or name the endpoints in extraInterfaceEndpoints',
  },
  {
    key: "ecrRegistryOwner",
    because: "ecrPullThroughCache",
    level: "error",
    moot: (v) => v.ecrPullThroughCache === false,
    fix: "without a cache this environment neither creates nor reads a cache rule; turn ecrPullThroughCache on, or remove ecrRegistryOwner",
  },
  {
    key: "costAlarmThresholdUsd",
    because: "costAlarmEmail",
    level: "warning",
    moot: (v) => v.costAlarmEmail === "",
    fix: "the alarm is created, but its topic has no subscriber: it tells no one; set costAlarmEmail",
  },
];

/** Whether a value says anything: not empty text, an empty list or object, nor 0. */
export const isSet = (value: unknown) =>
  !(value === "" || value === 0 || value === undefined || (typeof value === "object" && value !== null && Object.keys(value).length === 0));

/**
 * Reports the settings given (in the file or a variable, and not empty) that have no effect.
 * `report(level, key, because, fix)` names both settings.
 */
export function checkNoEffect(
  v: Partial<SettingValues>,
  given: (key: SettingKey) => boolean,
  report: (level: NoEffect["level"], key: SettingKey, fix: string) => void,
) {
  for (const rule of NO_EFFECT) {
    if (given(rule.key) && isSet(v[rule.key]) && rule.moot(v)) {
      report(rule.level, rule.key, `has no effect with ${rule.because} ${JSON.stringify(v[rule.because])}: ${rule.fix}`);
    }
  }
}
