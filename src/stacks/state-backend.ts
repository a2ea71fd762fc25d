import {
  DataTerraformRemoteStateLocal,
  DataTerraformRemoteStateS3,
  LocalBackend,
  S3Backend,
  TerraformRemoteState,
  TerraformStack,
} from "cdktn";
import { Construct } from "constructs";
import { DEFAULT_STATE_KEY_PREFIX } from "../config/schema";
import { StateConfig } from "../config/types";

/**
 * cdktf runs terraform in `cdktf.out/stacks/<stack>`, so this relative path is the project root.
 * A relative path keeps the synthesized JSON free of machine paths (cdktf's default is absolute).
 */
const LOCAL_STATE_DIR = "../../..";

/** The name of a stack's local state file, at the project root. */
export function localStateFileName(stackName: string): string {
  return `terraform.${stackName}.tfstate`;
}

/** `terraform.<stack>.tfstate` at the project root, as seen from the stack's working directory. */
export function localStatePath(stackName: string): string {
  return `${LOCAL_STATE_DIR}/${localStateFileName(stackName)}`;
}

function s3Location(state: Extract<StateConfig, { backend: "s3" }>, stackName: string, region: string) {
  return {
    bucket: state.bucket,
    key: `${state.keyPrefix ?? DEFAULT_STATE_KEY_PREFIX}/${stackName}.tfstate`,
    region: state.region ?? region,
    encrypt: true,
  };
}

/** Puts the stack's state where `state` says. */
export function configureBackend(stack: TerraformStack, state: StateConfig, stackName: string, region: string) {
  if (state.backend === "local") {
    new LocalBackend(stack, { path: localStatePath(stackName) });
    return;
  }
  new S3Backend(stack, s3Location(state, stackName, region));
  // Terraform >= 1.10 locks with a lock object beside the state; cdktf's S3Backend has no prop for it yet.
  stack.addOverride("terraform.backend.s3.use_lockfile", true);
}

/** Reads the outputs of another stack of the same environment from wherever its state is. */
export function remoteStackState(
  scope: Construct,
  id: string,
  state: StateConfig,
  stackName: string,
  region: string,
): TerraformRemoteState {
  if (state.backend === "local") {
    return new DataTerraformRemoteStateLocal(scope, id, { path: localStatePath(stackName) });
  }
  return new DataTerraformRemoteStateS3(scope, id, s3Location(state, stackName, region));
}
