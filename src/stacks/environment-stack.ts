import { AwsProvider, AwsProviderDefaultTags } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { EnvironmentConfig } from "../config/types";
import { configureBackend } from "./state-backend";
import { hideNullOutputsFromDisplay } from "./null-outputs";
import { ReadableIdStack } from "./readable-ids";

/** Tags on every resource of an environment, through the provider's `default_tags`. */
export function defaultTags(env: EnvironmentConfig): AwsProviderDefaultTags {
  return { tags: { project: "mlops-retail-forecast", environment: env.name, "managed-by": "cdktf", ...env.tags } };
}

/** A stack of one environment: its AWS provider, default tags and state backend. */
export class EnvironmentStack extends ReadableIdStack {
  constructor(scope: Construct, id: string, env: EnvironmentConfig) {
    super(scope, id);
    new AwsProvider(this, "aws", { region: env.region, defaultTags: [defaultTags(env)] });
    configureBackend(this, env.state, id, env.region);
  }

  /** Null outputs stay declared but out of cdktf's display list, so `cdktf deploy` and `cdktf output` do not fail on them. */
  public toTerraform() {
    return hideNullOutputsFromDisplay(super.toTerraform());
  }
}
