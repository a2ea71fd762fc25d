import { EcrPullThroughCacheRule } from "@cdktf/provider-aws/lib/ecr-pull-through-cache-rule";
import { EcrRegistryPolicy } from "@cdktf/provider-aws/lib/ecr-registry-policy";
import { Construct } from "constructs";
import { arn } from "../aws/partition";

/**
 * The two actions a cache's first pull of an image needs beyond an ordinary pull: ECR fetches the
 * image from upstream (BatchImportUpstreamImage) into a repository it creates on the way
 * (CreateRepository). https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache-iam.html
 */
export const CACHE_SYNC_ACTIONS = ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"] as const;

export interface EcrPullThroughCacheProps {
  readonly region: string;
  /** The account's id (a reference resolved at apply time); the registry is the account's. */
  readonly accountId: string;
  /** The registry cached, e.g. `public.ecr.aws`. */
  readonly upstreamRegistryUrl: string;
  /** The repository prefix images are cached under, e.g. `ecr-public`. */
  readonly repositoryPrefix: string;
}

/**
 * A pull-through cache rule: nodes with no internet path pull `<upstream>/<image>` as
 * `<account>.dkr.ecr.<region>.amazonaws.com/<prefix>/<image>` through the ecr.api, ecr.dkr and S3
 * endpoints, and ECR fetches the image from upstream on the first pull. Plus the registry
 * permissions policy that lets the account's principals (the nodes' role among them) make that first
 * pull, scoped to the cache's repositories and the two actions it needs.
 */
export class EcrPullThroughCache extends Construct {
  readonly rule: EcrPullThroughCacheRule;
  readonly registryPolicy: EcrRegistryPolicy;
  /** `<registry>/<prefix>`: the image `<upstream>/X` is pulled as `<imagePrefix>/X`. */
  readonly imagePrefix: string;

  constructor(scope: Construct, id: string, props: EcrPullThroughCacheProps) {
    super(scope, id);
    this.rule = new EcrPullThroughCacheRule(this, `${id}_rule`, {
      ecrRepositoryPrefix: props.repositoryPrefix,
      upstreamRegistryUrl: props.upstreamRegistryUrl,
    });
    // The registry policy is one per account and region: Terraform owns it from now on. Principal
    // "*" limited to this account, because a same-account grant to the account (":root") would still
    // need an identity policy, which is the EKS step's; ARNs assume the aws partition.
    this.registryPolicy = new EcrRegistryPolicy(this, `${id}_registry_policy`, {
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "FirstPullsThroughTheCache",
            Effect: "Allow",
            Principal: "*",
            Action: [...CACHE_SYNC_ACTIONS],
            Resource: arn(props.region, {
              service: "ecr",
              region: props.region,
              account: props.accountId,
              resource: `repository/${props.repositoryPrefix}/*`,
            }),
            Condition: { StringEquals: { "aws:PrincipalAccount": props.accountId } },
          },
        ],
      }),
    });
    this.imagePrefix = `${this.rule.registryId}.dkr.ecr.${props.region}.amazonaws.com/${props.repositoryPrefix}`;
  }
}
