import { arn } from "../aws/partition";
import { addonImageAccount } from "../eks/addon-image-registries";

/**
 * Interface endpoint policies: AWS's data-perimeter fence for VPC endpoints
 * (https://github.com/aws-samples/data-perimeter-policy-examples, vpc_endpoint_policies/), with this
 * account where the examples have an organization. An endpoint without a policy lets any
 * credentials through to any account: a pod with another account's keys could push our images to
 * that account's ECR, or write our data into its CloudWatch Logs. With no NAT the endpoints are
 * the only way out, so each one admits this account's principals working on this account's
 * resources, plus the few calls the cluster makes outside that (the table below).
 */

export interface EndpointPolicyContext {
  readonly region: string;
  /** This account's id (a reference resolved at apply time). */
  readonly accountId: string;
}

type PolicyStatement = Record<string, unknown>;

/** What one service needs beyond "this account's principals on this account's resources". */
interface ServiceExceptions {
  /**
   * Actions that name no resource (`Resource: "*"` in IAM): the request carries no resource
   * account to compare, so they are admitted for this account's principals by name.
   */
  readonly withoutResource?: readonly string[];
  /** Statements for callers or resources outside the account, each with its reason in the Sid. */
  readonly extra?: (c: EndpointPolicyContext) => PolicyStatement[];
}

const ofThisAccount = (c: EndpointPolicyContext) => ({ StringEquals: { "aws:PrincipalAccount": c.accountId } });

/** Read-only pulls of an ECR image: the manifest, its layers' URLs, whether layers exist. */
const IMAGE_PULL = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"];

const ecr: ServiceExceptions = {
  withoutResource: ["ecr:GetAuthorizationToken", "ecr:DescribeRegistry", "ecr:DescribePullThroughCacheRules"],
  extra: (c) => [
    {
      // Nodes pull the VPC CNI, CoreDNS and kube-proxy from AWS's regional add-on registry.
      Sid: "AllowPullsOfEksAddOnImages",
      Effect: "Allow",
      Principal: "*",
      Action: IMAGE_PULL,
      Resource: arn(c.region, { service: "ecr", region: c.region, account: addonImageAccount(c.region), resource: "repository/*" }),
      Condition: ofThisAccount(c),
    },
  ],
};

/**
 * Per service: what it needs beyond the fence. A service not named here (logs, eks-auth, xray, …)
 * gets the fence alone; one whose calls are all resource-less should be listed with them.
 */
const SERVICE_EXCEPTIONS: Readonly<Record<string, ServiceExceptions>> = {
  "ecr.api": ecr,
  "ecr.dkr": ecr,
  sts: {
    withoutResource: ["sts:GetCallerIdentity"],
    extra: (c) => [
      {
        // IRSA: the pod presents a web-identity token, so there is no principal (and no
        // aws:PrincipalAccount) yet; the role assumed must be one of this account's.
        Sid: "AllowWebIdentityToThisAccountsRoles",
        Effect: "Allow",
        Principal: "*",
        Action: "sts:AssumeRoleWithWebIdentity",
        Resource: arn(c.region, { service: "iam", account: c.accountId, resource: "role/*" }),
      },
    ],
  },
  ec2: {
    // The VPC CNI and nodes joining describe instances, ENIs, subnets; the controller describes too.
    withoutResource: ["ec2:Describe*", "ec2:GetSecurityGroupsForVpc"],
    extra: (c) => [
      {
        // Instances are launched from AWS-owned AMIs and read AWS-managed prefix lists.
        Sid: "AllowAwsOwnedImagesAndPrefixLists",
        Effect: "Allow",
        Principal: "*",
        Action: ["ec2:RunInstances", "ec2:CreateTags", "ec2:GetManagedPrefixListEntries"],
        Resource: [
          arn(c.region, { service: "ec2", region: c.region, resource: "image/*" }),
          arn(c.region, { service: "ec2", region: c.region, account: "aws", resource: "prefix-list/*" }),
        ],
        Condition: ofThisAccount(c),
      },
    ],
  },
  elasticloadbalancing: { withoutResource: ["elasticloadbalancing:Describe*"] },
  logs: { withoutResource: ["logs:DescribeLogGroups"] },
  autoscaling: { withoutResource: ["autoscaling:Describe*"] },
  eks: { withoutResource: ["eks:ListClusters", "eks:DescribeAddonVersions"] },
  monitoring: { withoutResource: ["cloudwatch:PutMetricData", "cloudwatch:ListMetrics"] },
  xray: { withoutResource: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"] },
  ssmmessages: {
    withoutResource: [
      "ssmmessages:CreateControlChannel",
      "ssmmessages:CreateDataChannel",
      "ssmmessages:OpenControlChannel",
      "ssmmessages:OpenDataChannel",
    ],
  },
  ec2messages: {
    withoutResource: [
      "ec2messages:AcknowledgeMessage",
      "ec2messages:DeleteMessage",
      "ec2messages:FailMessage",
      "ec2messages:GetEndpoint",
      "ec2messages:GetMessages",
      "ec2messages:SendReply",
    ],
  },
  ssm: {
    extra: (c) => [
      {
        // Session Manager and Run Command use AWS-owned documents and public parameters.
        Sid: "AllowAwsOwnedDocumentsAndParameters",
        Effect: "Allow",
        Principal: "*",
        Action: ["ssm:Describe*", "ssm:List*", "ssm:Get*", "ssm:SendCommand", "ssm:StartSession"],
        Resource: [
          arn(c.region, { service: "ssm", region: c.region, resource: "document/*" }),
          arn(c.region, { service: "ssm", region: c.region, resource: "parameter/aws/*" }),
        ],
        Condition: ofThisAccount(c),
      },
    ],
  },
};

/** The policy of the interface endpoint of `service` (short name, e.g. `ecr.api`). */
export function interfaceEndpointPolicy(service: string, c: EndpointPolicyContext): object {
  const exceptions = SERVICE_EXCEPTIONS[service] ?? {};
  const statements: PolicyStatement[] = [
    {
      Sid: "AllowThisAccountsPrincipalsOnThisAccountsResources",
      Effect: "Allow",
      Principal: "*",
      Action: "*",
      Resource: "*",
      Condition: { StringEquals: { "aws:PrincipalAccount": c.accountId, "aws:ResourceAccount": c.accountId } },
    },
  ];
  if (exceptions.withoutResource) {
    statements.push({
      Sid: "AllowThisAccountsPrincipalsCallsWithoutResource",
      Effect: "Allow",
      Principal: "*",
      Action: [...exceptions.withoutResource],
      Resource: "*",
      Condition: ofThisAccount(c),
    });
  }
  statements.push(...(exceptions.extra?.(c) ?? []));
  return { Version: "2012-10-17", Statement: statements };
}

/** Services with exceptions of their own, for the docs and tests. */
export const SERVICES_WITH_EXCEPTIONS = Object.keys(SERVICE_EXCEPTIONS);
