import { EndpointServiceName } from "../aws/endpoint-service-names";
import { arn } from "../aws/partition";
import { ACTIONS_WITHOUT_RESOURCE_ACCOUNT } from "../aws/resource-account-key";
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

/** Statements for callers or resources outside the account, each with its reason in the Sid. */
type ServiceExceptions = (c: EndpointPolicyContext) => PolicyStatement[];

const ofThisAccount = (c: EndpointPolicyContext) => ({ StringEquals: { "aws:PrincipalAccount": c.accountId } });

/** Read-only pulls of an ECR image: the manifest, its layers' URLs, whether layers exist. */
const IMAGE_PULL = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"];

const ecr: ServiceExceptions = (c) => [
  {
    // Nodes pull the VPC CNI, CoreDNS and kube-proxy from AWS's regional add-on registry.
    Sid: "AllowPullsOfEksAddOnImages",
    Effect: "Allow",
    Principal: "*",
    Action: IMAGE_PULL,
    Resource: arn(c.region, { service: "ecr", region: c.region, account: addonImageAccount(c.region), resource: "repository/*" }),
    Condition: ofThisAccount(c),
  },
];

/**
 * Per service: what it needs beyond the fence. A service not named here (logs, eks-auth, xray, …)
 * gets the fence alone.
 */
const SERVICE_EXCEPTIONS: Readonly<Partial<Record<EndpointServiceName, ServiceExceptions>>> = {
  [EndpointServiceName.ECR_API]: ecr,
  [EndpointServiceName.ECR_DKR]: ecr,
  [EndpointServiceName.STS]: (c) => [
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
  [EndpointServiceName.EC2]: (c) => [
    {
      // Requests that reach another account's AMI, snapshot, VPC or gateway carry no
      // aws:ResourceAccount, so the fence cannot tell whose resource is on the other side: AWS's
      // data-perimeter examples deny such calls apart (data_perimeter_governance_scp.json); the
      // cluster makes none of them but CreateVolume (ACTIONS_WITHOUT_RESOURCE_ACCOUNT).
      Sid: "DenyCallsWhoseOtherAccountTheFenceCannotSee",
      Effect: "Deny",
      Principal: "*",
      Action: [
        ...ACTIONS_WITHOUT_RESOURCE_ACCOUNT.filter((a) => !a.neededBy).map((a) => a.action),
        "ec2:AcceptVpcPeeringConnection",
        "ec2:AcceptTransitGatewayPeeringAttachment",
      ],
      Resource: "*",
    },
    {
      // Instances launch from Amazon's AMIs (the EKS-optimized AL2023 among them), and from no
      // other owner's public AMI: fenced by owner as AWS's data-perimeter resource perimeter does.
      Sid: "AllowAmazonOwnedImages",
      Effect: "Allow",
      Principal: "*",
      Action: "ec2:RunInstances",
      Resource: arn(c.region, { service: "ec2", region: c.region, resource: "image/*" }),
      Condition: { StringEquals: { "aws:PrincipalAccount": c.accountId, "ec2:Owner": "amazon" } },
    },
    {
      // Security groups read AWS-managed prefix lists (the S3 gateway's among them).
      Sid: "AllowAwsManagedPrefixLists",
      Effect: "Allow",
      Principal: "*",
      Action: "ec2:GetManagedPrefixListEntries",
      Resource: arn(c.region, { service: "ec2", region: c.region, account: "aws", resource: "prefix-list/*" }),
      Condition: ofThisAccount(c),
    },
  ],
  [EndpointServiceName.SSM]: (c) => [
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
};

/**
 * The policy of the interface endpoint of `service` (short name, e.g. `ecr.api`). Two statements
 * fence every endpoint: this account's principals on this account's resources, and this account's
 * principals on requests that carry no resource account at all (actions that name no resource,
 * such as ec2:DescribeInstances, and the few AWS lists that name one without the key, such as
 * ec2:CreateVolume, which the EBS CSI driver makes for every volume). A request on another
 * account's resource carries that account, so it matches neither.
 */
export function interfaceEndpointPolicy(service: EndpointServiceName, c: EndpointPolicyContext): object {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AllowThisAccountsPrincipalsOnThisAccountsResources",
        Effect: "Allow",
        Principal: "*",
        Action: "*",
        Resource: "*",
        Condition: { StringEquals: { "aws:PrincipalAccount": c.accountId, "aws:ResourceAccount": c.accountId } },
      },
      {
        Sid: "AllowThisAccountsPrincipalsCallsWithoutResource",
        Effect: "Allow",
        Principal: "*",
        Action: "*",
        Resource: "*",
        Condition: { ...ofThisAccount(c), Null: { "aws:ResourceAccount": "true" } },
      },
      ...(SERVICE_EXCEPTIONS[service]?.(c) ?? []),
    ],
  };
}
