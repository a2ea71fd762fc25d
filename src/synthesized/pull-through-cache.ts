/**
 * ECR pull-through cache rules a synthesized stack defines, and the one it reads from the account
 * named in ecrRegistryOwner (a `data` source, read by its prefix: these stacks give that prefix one
 * upstream). Reachability follows image pulls through them; cost bills the cached images of the
 * rules the stack defines.
 */
import { ECR_PUBLIC_CACHE } from "../eks/cluster-requirements";
import { resourcesOf, StackJson } from "./stack-json";

/** An ECR pull-through cache rule: images of `upstream` are pulled as `<registry>/<prefix>/…`. */
export interface PullThroughCacheRule {
  readonly address: string;
  readonly prefix: string;
  readonly upstream: string;
  /** Defined by this stack (billed to it), not read from another account's. */
  readonly defined: boolean;
}

export function pullThroughCacheRules(stack: StackJson): PullThroughCacheRule[] {
  return [
    ...resourcesOf(stack, "aws_ecr_pull_through_cache_rule").map((r) => ({
      address: r.address,
      prefix: String(r.body.ecr_repository_prefix),
      upstream: String(r.body.upstream_registry_url),
      defined: true,
    })),
    ...Object.entries(stack.data?.aws_ecr_pull_through_cache_rule ?? {})
      .filter(([, body]) => body.ecr_repository_prefix === ECR_PUBLIC_CACHE.prefix)
      .map(([name]) => ({
        address: `data.aws_ecr_pull_through_cache_rule.${name}`,
        prefix: ECR_PUBLIC_CACHE.prefix,
        upstream: ECR_PUBLIC_CACHE.upstream,
        defined: false,
      })),
  ];
}
