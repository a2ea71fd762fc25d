/**
 * The calls the cluster makes to resources AWS owns, outside this account: the one exception to
 * "this account's principals on this account's resources" each endpoint policy must admit, each
 * with the AWS document that says the cluster needs it. Their look-alikes on resources of anyone
 * else must stay refused; the proof checks both.
 */
import { EndpointServiceName } from "../aws/endpoint-service-names";
import { arn } from "../aws/partition";
import { addonImageAccount, ADDON_IMAGE_REGISTRIES_SOURCE } from "./addon-image-registries";

/** Who signs the call: this account's role, an AWS service (a URL ECR presigned), or nobody. */
export type AwsOwnedCaller = "this account" | "aws" | "anonymous";

export interface AwsOwnedCall {
  readonly what: string;
  /** The interface endpoint it goes through, or S3's gateway. */
  readonly endpoint: EndpointServiceName;
  readonly action: string;
  readonly caller: AwsOwnedCaller;
  /** The AWS-owned resource, and the account that owns it (an ARN may not name it). */
  readonly resource: (region: string) => { arn: string; account: string };
  /** Context keys AWS sets for this resource beyond the accounts (an AMI's owner alias). */
  readonly context?: Readonly<Record<string, string>>;
  /** The same call on a resource of someone else, which the policy must refuse. */
  readonly lookalike?: {
    readonly what: string;
    readonly resource: (region: string) => { arn: string; account: string };
    readonly context?: Readonly<Record<string, string>>;
  };
  readonly source: string;
}

/** S3 and EC2 name no account in these ARNs; the proof needs one that is not ours. */
export const AWS_SERVICE_ACCOUNT = "999999999999";
/** An account that is neither ours nor AWS's. */
export const OTHER_ACCOUNT = "111122223333";

const bucketObject = (bucket: string, account: string) => (region: string) => ({
  arn: arn(region, { service: "s3", resource: `${bucket}/object` }),
  account,
});

const ecrRepository = (account: (region: string) => string, repository: string) => (region: string) => ({
  arn: arn(region, { service: "ecr", region, account: account(region), resource: `repository/${repository}` }),
  account: account(region),
});

const ECR_S3 = "https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html#ecr-minimum-s3-perms";
const AL2023_REPOS = "https://github.com/aws-samples/data-perimeter-policy-examples/blob/main/service_owned_resources.md";
const AMAZON_AMIS =
  "https://github.com/aws-samples/data-perimeter-policy-examples/blob/main/service_control_policies/resource_perimeter_scp.json";

/** The layer bucket and the AL2023 repository bucket of `region`, as the S3 endpoint policy names them. */
export const layerBucket = (region: string) => `prod-${region}-starport-layer-bucket`;
export const al2023RepositoryBucket = (region: string) => `al2023-repos-${region}-de612dc2`;

export const AWS_OWNED_CALLS: readonly AwsOwnedCall[] = [
  ...[EndpointServiceName.ECR_API, EndpointServiceName.ECR_DKR].flatMap((endpoint) =>
    ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"].map((action): AwsOwnedCall => ({
      what: "nodes pull the EKS add-on images (VPC CNI, CoreDNS, kube-proxy) from AWS's regional add-on registry",
      endpoint,
      action,
      caller: "this account",
      resource: ecrRepository(addonImageAccount, "eks/coredns"),
      lookalike: { what: "a pull from a stranger's registry", resource: ecrRepository(() => OTHER_ACCOUNT, "exfiltration") },
      source: ADDON_IMAGE_REGISTRIES_SOURCE,
    })),
  ),
  {
    what: "image layers: ECR hands the node a URL it presigned for its layer bucket",
    endpoint: EndpointServiceName.S3,
    action: "s3:GetObject",
    caller: "aws",
    resource: (region) => bucketObject(layerBucket(region), AWS_SERVICE_ACCOUNT)(region),
    source: ECR_S3,
  },
  {
    what: "dnf on AL2023 nodes reads the Amazon Linux repositories (unsigned)",
    endpoint: EndpointServiceName.S3,
    action: "s3:GetObject",
    caller: "anonymous",
    resource: (region) => bucketObject(al2023RepositoryBucket(region), AWS_SERVICE_ACCOUNT)(region),
    lookalike: { what: "an unsigned read of a stranger's bucket", resource: bucketObject("someone-elses-bucket", OTHER_ACCOUNT) },
    source: AL2023_REPOS,
  },
  {
    what: "an instance launched from an Amazon-owned AMI (EKS-optimized AL2023)",
    endpoint: EndpointServiceName.EC2,
    action: "ec2:RunInstances",
    caller: "this account",
    resource: (region) => ({
      arn: arn(region, { service: "ec2", region, resource: "image/ami-0123456789abcdef0" }),
      account: AWS_SERVICE_ACCOUNT,
    }),
    context: { "ec2:Owner": "amazon" },
    lookalike: {
      what: "an instance launched from a public AMI of another owner",
      resource: (region) => ({
        arn: arn(region, { service: "ec2", region, resource: "image/ami-0fedcba9876543210" }),
        account: OTHER_ACCOUNT,
      }),
      context: { "ec2:Owner": OTHER_ACCOUNT },
    },
    source: AMAZON_AMIS,
  },
];
