import { DataAwsEcrPullThroughCacheRule } from "@cdktf/provider-aws/lib/data-aws-ecr-pull-through-cache-rule";
import { EcrPullThroughCacheRule } from "@cdktf/provider-aws/lib/ecr-pull-through-cache-rule";
import { EcrRegistryPolicy } from "@cdktf/provider-aws/lib/ecr-registry-policy";
import { TerraformStack } from "cdktn";
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
  /**
   * The environment that owns the rule and the registry policy in this account and region, when it
   * is another one (`ecrRegistryOwner`): this stack then writes neither and reads the rule. @default this one
   */
  readonly ownedBy?: string;
}

/**
 * A pull-through cache rule: nodes with no internet path pull `<upstream>/<image>` as
 * `<account>.dkr.ecr.<region>.amazonaws.com/<prefix>/<image>` through the ecr.api, ecr.dkr and S3
 * endpoints, and ECR fetches the image from upstream on the first pull. Plus the registry
 * permissions policy that lets the account's principals (the nodes' role among them) make that first
 * pull, scoped to the cache's repositories and the two actions it needs.
 *
 * Both exist once per account and region (the rule once per prefix), so of the environments that
 * share an account one owns them; the others read the rule, which stops their deploy while the
 * owner's is missing, and their destroy leaves both alone.
 */
export class EcrPullThroughCache extends Construct {
  /** The rule and the registry policy this stack owns; undefined when another environment owns them. */
  readonly owned?: { readonly rule: EcrPullThroughCacheRule; readonly registryPolicy: EcrRegistryPolicy };
  /** The owner's rule, read; undefined when this stack owns it. */
  readonly read?: DataAwsEcrPullThroughCacheRule;
  /** `<registry>/<prefix>`: the image `<upstream>/X` is pulled as `<imagePrefix>/X`. */
  readonly imagePrefix: string;

  constructor(scope: Construct, id: string, props: EcrPullThroughCacheProps) {
    super(scope, id);
    const ruleId = `${id}_rule`;
    const policyId = `${id}_registry_policy`;
    if (props.ownedBy) {
      this.read = new DataAwsEcrPullThroughCacheRule(this, `${id}_rule_of_${props.ownedBy}`, {
        ecrRepositoryPrefix: props.repositoryPrefix,
      });
      // Had this environment owned them before it named the owner, its next apply forgets them instead of deleting what the owner relies on.
      TerraformStack.of(this).addOverride(
        "removed",
        [`${EcrPullThroughCacheRule.tfResourceType}.${ruleId}`, `${EcrRegistryPolicy.tfResourceType}.${policyId}`].map((from) => ({
          from,
          lifecycle: { destroy: false },
        })),
      );
    } else {
      const rule = new EcrPullThroughCacheRule(this, ruleId, {
        ecrRepositoryPrefix: props.repositoryPrefix,
        upstreamRegistryUrl: props.upstreamRegistryUrl,
      });
      // The registry policy is one per account and region: Terraform owns it from now on. Principal
      // "*" limited to this account, because a same-account grant to the account (":root") would still
      // need an identity policy, which is the EKS step's; ARNs assume the aws partition.
      const registryPolicy = new EcrRegistryPolicy(this, policyId, {
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
      this.owned = { rule, registryPolicy };
    }
    // A private registry's id is its account's: the prefix is the same whoever owns the rule.
    this.imagePrefix = `${props.accountId}.dkr.ecr.${props.region}.amazonaws.com/${props.repositoryPrefix}`;
  }
}
