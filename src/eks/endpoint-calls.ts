import { arn } from "../aws/partition";
import { addonImageAccount, ADDON_IMAGE_REGISTRIES_SOURCE } from "./addon-image-registries";

/**
 * The calls the cluster makes through each interface endpoint, and calls from other accounts the
 * endpoint must refuse: the policy suite (MLOPS_VPCE_4) and the reachability report run each one
 * against the synthesized endpoint policy, so a policy that breaks IRSA, add-on image pulls or the
 * controllers, or that lets foreign credentials through, fails before deploy.
 */

/** An account that is not ours: its credentials, its resources. */
export const OTHER_ACCOUNT = "111122223333";

export interface CallContext {
  readonly region: string;
  /** This account's id as the policy writes it (the VPC's owner_id reference). */
  readonly account: string;
}

export interface EndpointCall {
  /** Interface endpoint short name, e.g. `ecr.api`. */
  readonly service: string;
  /** Who calls, with which credentials, and why. */
  readonly what: string;
  readonly action: string;
  /** The resource ARN; undefined when the action names no resource. */
  readonly resource?: (c: CallContext) => string;
  /** Whose credentials sign it: this account's role, another account's, or none (a web-identity token). */
  readonly principal: "this account" | "other account" | "web identity";
  readonly expect: "admitted" | "refused";
  readonly source: string;
}

const IRSA = "https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html";
const CNI = "https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html";
const LBC = "https://docs.aws.amazon.com/eks/latest/userguide/lbc-helm.html";
const PULL_THROUGH = "https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html";
const ENDPOINT_POLICIES = "https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html";
const LOGS = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch-logs-and-interface-VPC.html";

const own =
  (service: string, resource: string, regional = true) =>
  (c: CallContext) =>
    arn(c.region, { service, region: regional ? c.region : "", account: c.account, resource });
const other =
  (service: string, resource: string, regional = true) =>
  (c: CallContext) =>
    arn(c.region, { service, region: regional ? c.region : "", account: OTHER_ACCOUNT, resource });

export const ENDPOINT_CALLS: readonly EndpointCall[] = [
  // IRSA: the Load Balancer Controller and the API pods trade their token for a role.
  {
    service: "sts",
    what: "IRSA: a pod trades its service-account token for one of this account's roles (unsigned)",
    action: "sts:AssumeRoleWithWebIdentity",
    resource: own("iam", "role/aws-load-balancer-controller", false),
    principal: "web identity",
    expect: "admitted",
    source: IRSA,
  },
  {
    service: "sts",
    what: "a pod's token traded for another account's role",
    action: "sts:AssumeRoleWithWebIdentity",
    resource: other("iam", "role/exfiltration", false),
    principal: "web identity",
    expect: "refused",
    source: ENDPOINT_POLICIES,
  },
  {
    service: "sts",
    what: "SDKs check their identity with the role they got",
    action: "sts:GetCallerIdentity",
    principal: "this account",
    expect: "admitted",
    source: IRSA,
  },
  // Add-on images and the application's images.
  {
    service: "ecr.api",
    what: "kubelet's credential provider gets a pull token with the node role",
    action: "ecr:GetAuthorizationToken",
    principal: "this account",
    expect: "admitted",
    source: ADDON_IMAGE_REGISTRIES_SOURCE,
  },
  ...["ecr.api", "ecr.dkr"].flatMap((service): EndpointCall[] => [
    {
      service,
      what: "nodes pull add-on images (VPC CNI, CoreDNS, kube-proxy) from AWS's regional add-on registry",
      action: service === "ecr.api" ? "ecr:BatchGetImage" : "ecr:GetDownloadUrlForLayer",
      resource: (c) =>
        arn(c.region, { service: "ecr", region: c.region, account: addonImageAccount(c.region), resource: "repository/eks/coredns" }),
      principal: "this account",
      expect: "admitted",
      source: ADDON_IMAGE_REGISTRIES_SOURCE,
    },
    {
      service,
      what: "nodes pull the API's image, or an ECR Public image through a pull-through cache (both repositories of this account)",
      action: service === "ecr.api" ? "ecr:BatchGetImage" : "ecr:GetDownloadUrlForLayer",
      resource: own("ecr", "repository/ecr-public/docker/library/busybox"),
      principal: "this account",
      expect: "admitted",
      source: PULL_THROUGH,
    },
    {
      service,
      what: "another account's credentials push to that account's registry",
      action: "ecr:PutImage",
      resource: other("ecr", "repository/exfiltration"),
      principal: "other account",
      expect: "refused",
      source: ENDPOINT_POLICIES,
    },
    {
      service,
      what: "this account's role pushes to another account's registry",
      action: "ecr:InitiateLayerUpload",
      resource: other("ecr", "repository/exfiltration"),
      principal: "this account",
      expect: "refused",
      source: ENDPOINT_POLICIES,
    },
  ]),
  {
    service: "ecr.api",
    what: "the first pull through a pull-through cache creates the repository in this account",
    action: "ecr:BatchImportUpstreamImage",
    resource: own("ecr", "repository/ecr-public/docker/library/busybox"),
    principal: "this account",
    expect: "admitted",
    source: PULL_THROUGH,
  },
  // The VPC CNI and the Load Balancer Controller work with this account's roles.
  {
    service: "ec2",
    what: "the VPC CNI (node or IRSA role) assigns pod IPs to an ENI",
    action: "ec2:AssignPrivateIpAddresses",
    resource: own("ec2", "network-interface/eni-0123456789abcdef0"),
    principal: "this account",
    expect: "admitted",
    source: CNI,
  },
  {
    service: "ec2",
    what: "the VPC CNI and joining nodes describe instances and ENIs",
    action: "ec2:DescribeNetworkInterfaces",
    principal: "this account",
    expect: "admitted",
    source: CNI,
  },
  {
    service: "elasticloadbalancing",
    what: "the Load Balancer Controller (IRSA role) registers pod IPs in the demo's target group",
    action: "elasticloadbalancing:RegisterTargets",
    resource: own("elasticloadbalancing", "targetgroup/mlops-hybrid-eks-api-tg/0123456789abcdef"),
    principal: "this account",
    expect: "admitted",
    source: LBC,
  },
  {
    service: "elasticloadbalancing",
    what: "the Load Balancer Controller describes load balancers and target groups",
    action: "elasticloadbalancing:DescribeTargetGroups",
    principal: "this account",
    expect: "admitted",
    source: LBC,
  },
  {
    service: "eks-auth",
    what: "the Pod Identity agent (node role) fetches a pod's credentials",
    action: "eks-auth:AssumeRoleForPodIdentity",
    resource: own("eks", "cluster/retail-forecast"),
    principal: "this account",
    expect: "admitted",
    source: "https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html",
  },
  ...[
    ["autoscaling:SetDesiredCapacity", own("autoscaling", "autoScalingGroup:0-1-2:autoScalingGroupName/eks-nodes")] as const,
    ["autoscaling:DescribeAutoScalingGroups", undefined] as const,
  ].map(([action, resource]): EndpointCall => ({
    service: "autoscaling",
    what: "the Cluster Autoscaler (IRSA role) reads and resizes the node groups",
    action,
    resource,
    principal: "this account",
    expect: "admitted",
    source: "https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html",
  })),
  {
    service: "logs",
    what: "Fluent Bit writes container logs to this account's log group",
    action: "logs:PutLogEvents",
    resource: own("logs", "log-group:/aws/containerinsights/cluster/application:log-stream:node"),
    principal: "this account",
    expect: "admitted",
    source: LOGS,
  },
  {
    service: "logs",
    what: "another account's credentials write to that account's log group",
    action: "logs:PutLogEvents",
    resource: other("logs", "log-group:exfiltration:log-stream:x"),
    principal: "other account",
    expect: "refused",
    source: ENDPOINT_POLICIES,
  },
];

/** The calls through the endpoint of `service`. */
export const callsThrough = (service: string) => ENDPOINT_CALLS.filter((c) => c.service === service);
