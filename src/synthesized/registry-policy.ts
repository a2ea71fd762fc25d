/**
 * The ECR registry policy of a synthesized stack (`aws_ecr_registry_policy`): the grants that let
 * the other environments pull through this account's cache. The endpoint-policy proof judges it.
 */
import { resourcesOf, StackJson } from "./stack-json";

export interface RegistryPolicy {
  readonly address: string;
  /** The policy as synthesized (a JSON string, possibly with references), as written. */
  readonly policy: unknown;
}

/** The stack's registry policy; an account has one, so a stack defines at most one. */
export function registryPolicy(stack: StackJson): RegistryPolicy | undefined {
  const r = resourcesOf(stack, "aws_ecr_registry_policy")[0];
  return r && { address: r.address, policy: r.body.policy };
}
