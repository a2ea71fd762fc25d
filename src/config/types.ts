import { SettingValues } from "./schema";

/** Terraform state location of both stacks of an environment. */
export type StateConfig =
  | {
      /** `terraform.<stack>.tfstate` files at the project root. */
      readonly backend: "local";
    }
  | {
      /** S3 bucket with Terraform's native S3 lock file. */
      readonly backend: "s3";
      readonly bucket: string;
      /** Region of the bucket. @default the environment's region */
      readonly region?: string;
      /** Key prefix; the key is `<keyPrefix>/<stack>.tfstate`. @default "mlops-retail-forecast" */
      readonly keyPrefix?: string;
    };

type StateKey = Extract<keyof SettingValues, `state.${string}`>;

/**
 * The configuration of one environment (one `network` stack and its `demo-alb` stack): every
 * setting of `SETTINGS` (see schema.ts for types, defaults and meaning), the state settings
 * gathered into `state`.
 */
export type EnvironmentConfig = Readonly<Omit<SettingValues, StateKey>> & {
  /** Environment name, used in the `environment` tag and in stack names. */
  readonly name: string;
  readonly state: StateConfig;
};

/** The whole project configuration as read from `config/environments.json`. */
export interface ProjectConfig {
  /** The environment whose stacks are named plainly `network` and `demo-alb`. */
  readonly defaultEnvironment: string;
  /** The environment that `MLOPS_ENV` selected: environment variables apply to it alone. */
  readonly selectedEnvironment: string;
  readonly environments: readonly EnvironmentConfig[];
  /** Of the selected environment: things worth knowing that are not errors, e.g. an endpoint named that is always created. */
  readonly notes: readonly string[];
  /** Of the selected environment: what AWS may refuse at apply, which the offline data cannot decide. */
  readonly warnings: readonly string[];
}
