import { AwsProvider, AwsProviderDefaultTags } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { builtInTags } from "../config/names";
import { EnvironmentConfig } from "../config/types";
import { configureBackend } from "./state-backend";
import { hideNullOutputsFromDisplay } from "./null-outputs";
import { ReadableIdStack } from "./readable-ids";

/** Tags on every resource of an environment, through the provider's `default_tags`. */
export function defaultTags(env: EnvironmentConfig): AwsProviderDefaultTags {
  return { tags: { ...builtInTags(env.name), ...env.tags } };
}

/**
 * The provider's guard against the wrong credentials: with the environment's `accountId`, Terraform
 * refuses to plan or apply with another account's (the dev profile building prod, or the reverse).
 */
export function allowedAccountIds(env: EnvironmentConfig): { allowedAccountIds?: string[] } {
  return env.accountId ? { allowedAccountIds: [env.accountId] } : {};
}

/** A stack of one environment: its AWS provider, default tags and state backend. */
export class EnvironmentStack extends ReadableIdStack {
  constructor(scope: Construct, id: string, env: EnvironmentConfig) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: env.region, defaultTags: [defaultTags(env)], ...allowedAccountIds(env) });
    configureBackend(this, env.state, id, env.region);
  }

  /** Null outputs stay declared but out of cdktf's display list, so `cdktn deploy` and `cdktn output` do not fail on them. */
  public toTerraform() {
    return hideNullOutputsFromDisplay(super.toTerraform());
  }
}
