/**
 * What a private EKS cluster with no internet egress needs from the network, by cluster feature.
 * The network stack creates the interface endpoints of the chosen features from this table, and
 * the reachability report checks every requirement against the synthesized stacks.
 */

/** Cluster features whose AWS API calls need an endpoint of their own when there is no NAT. */
export const CLUSTER_FEATURES = ["irsa", "pod-identity", "load-balancer-controller", "cluster-autoscaler", "eks-api"] as const;
export type ClusterFeature = (typeof CLUSTER_FEATURES)[number];

/**
 * The default features: IRSA (the AWS Load Balancer Controller and the API pods get IAM roles) and
 * the Load Balancer Controller (it registers pod IPs in the demo ALB's IP target group). A managed
 * node group of fixed size needs no Cluster Autoscaler, and IRSA makes Pod Identity redundant.
 */
export const DEFAULT_CLUSTER_FEATURES: readonly ClusterFeature[] = ["irsa", "load-balancer-controller"];

const PRIVATE_CLUSTERS = "https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html";

/** One AWS service the nodes or pods must reach, and why. */
export interface ServiceRequirement {
  /** Short service name, `com.amazonaws.<region>.<service>`; `s3` is reached through the gateway. */
  readonly service: string;
  /** Who calls it and what for. */
  readonly why: string;
  /** The AWS document that says so. */
  readonly source: string;
  /** The feature that needs it; absent: every cluster needs it. */
  readonly feature?: ClusterFeature;
}

export const SERVICE_REQUIREMENTS: readonly ServiceRequirement[] = [
  { service: "ec2", why: "VPC CNI assigns ENIs and pod IPs; nodes describe themselves when they join", source: PRIVATE_CLUSTERS },
  { service: "ecr.api", why: "image manifests and pull auth tokens", source: PRIVATE_CLUSTERS },
  { service: "ecr.dkr", why: "image pulls (the registry API)", source: PRIVATE_CLUSTERS },
  { service: "s3", why: "ECR image layers and model artifacts (gateway endpoint)", source: PRIVATE_CLUSTERS },
  { service: "logs", why: "container and node logs to CloudWatch Logs", source: PRIVATE_CLUSTERS },
  {
    service: "sts",
    why: "IAM roles for service accounts exchange web identity tokens",
    source: "https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html",
    feature: "irsa",
  },
  {
    service: "eks-auth",
    why: "EKS Pod Identity agent fetches pod credentials",
    source: "https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html",
    feature: "pod-identity",
  },
  {
    service: "elasticloadbalancing",
    why: "AWS Load Balancer Controller manages target groups and registers pod IPs",
    source: "https://docs.aws.amazon.com/eks/latest/userguide/lbc-helm.html",
    feature: "load-balancer-controller",
  },
  {
    service: "autoscaling",
    why: "Cluster Autoscaler resizes the node groups' Auto Scaling groups",
    source: PRIVATE_CLUSTERS,
    feature: "cluster-autoscaler",
  },
  {
    service: "eks",
    why: "the EKS management API from inside the VPC (eksctl, controllers that describe the cluster)",
    source: PRIVATE_CLUSTERS,
    feature: "eks-api",
  },
];

/** The requirements of a cluster with `features`, in table order. */
export function serviceRequirements(features: readonly ClusterFeature[]): ServiceRequirement[] {
  return SERVICE_REQUIREMENTS.filter((r) => !r.feature || features.includes(r.feature));
}

/** The interface endpoint services a cluster with `features` needs (everything but the S3 gateway). */
export function requiredInterfaceServices(features: readonly ClusterFeature[]): string[] {
  return serviceRequirements(features)
    .map((r) => r.service)
    .filter((s) => s !== "s3");
}
