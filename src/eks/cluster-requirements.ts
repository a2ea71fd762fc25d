/**
 * What a private EKS cluster with no internet egress needs from the network, by cluster feature.
 * The network stack creates the interface endpoints of the chosen features from this table, and
 * the reachability report checks every requirement against the synthesized stacks.
 */
import { EndpointServiceName } from "../aws/endpoint-service-names";

/** Cluster features whose AWS API calls need an endpoint of their own when there is no NAT. */
export const CLUSTER_FEATURES = [
  "irsa",
  "pod-identity",
  "load-balancer-controller",
  "cluster-autoscaler",
  "eks-api",
  "operator-access",
] as const;
export type ClusterFeature = (typeof CLUSTER_FEATURES)[number];

/**
 * The default features: IRSA (the AWS Load Balancer Controller and the API pods get IAM roles) and
 * the Load Balancer Controller (it registers pod IPs in the demo ALB's IP target group). A managed
 * node group of fixed size needs no Cluster Autoscaler, and IRSA makes Pod Identity redundant.
 */
export const DEFAULT_CLUSTER_FEATURES: readonly ClusterFeature[] = ["irsa", "load-balancer-controller"];

const PRIVATE_CLUSTERS = "https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html";
const SESSION_MANAGER = "https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-create-vpc.html";

/** One AWS service the nodes or pods must reach, and why. */
export interface ServiceRequirement {
  /** The service, `com.amazonaws.<region>.<service>`; S3 is reached through the gateway. */
  readonly service: EndpointServiceName;
  /** Who calls it and what for. */
  readonly why: string;
  /** The AWS document that says so. */
  readonly source: string;
  /** The features that need it; absent: every cluster needs it. */
  readonly features?: readonly ClusterFeature[];
}

export const SERVICE_REQUIREMENTS: readonly ServiceRequirement[] = [
  {
    service: EndpointServiceName.EC2,
    why: "VPC CNI assigns ENIs and pod IPs; nodes describe themselves when they join",
    source: PRIVATE_CLUSTERS,
  },
  { service: EndpointServiceName.ECR_API, why: "image manifests and pull auth tokens", source: PRIVATE_CLUSTERS },
  { service: EndpointServiceName.ECR_DKR, why: "image pulls (the registry API)", source: PRIVATE_CLUSTERS },
  { service: EndpointServiceName.S3, why: "ECR image layers and model artifacts (gateway endpoint)", source: PRIVATE_CLUSTERS },
  { service: EndpointServiceName.LOGS, why: "container and node logs to CloudWatch Logs", source: PRIVATE_CLUSTERS },
  {
    service: EndpointServiceName.STS,
    why: "IAM roles for service accounts exchange web identity tokens",
    source: "https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html",
    features: ["irsa"],
  },
  {
    service: EndpointServiceName.EKS_AUTH,
    why: "EKS Pod Identity agent fetches pod credentials",
    source: "https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html",
    features: ["pod-identity"],
  },
  {
    service: EndpointServiceName.ELASTIC_LOAD_BALANCING,
    why: "AWS Load Balancer Controller manages target groups and registers pod IPs",
    source: "https://docs.aws.amazon.com/eks/latest/userguide/lbc-helm.html",
    features: ["load-balancer-controller"],
  },
  {
    service: EndpointServiceName.AUTOSCALING,
    why: "Cluster Autoscaler resizes the node groups' Auto Scaling groups",
    source: PRIVATE_CLUSTERS,
    features: ["cluster-autoscaler"],
  },
  {
    service: EndpointServiceName.EKS,
    why: "the EKS management API from inside the VPC (eksctl, aws eks update-kubeconfig, controllers that describe the cluster)",
    source: PRIVATE_CLUSTERS,
    features: ["eks-api", "operator-access"],
  },
  {
    service: EndpointServiceName.SSM,
    why: "Systems Manager: the SSM agent on the nodes registers, so operators can open Session Manager sessions to them",
    source: SESSION_MANAGER,
    features: ["operator-access"],
  },
  {
    service: EndpointServiceName.SSM_MESSAGES,
    why: "Systems Manager: Session Manager's data channel (the shell of a session)",
    source: SESSION_MANAGER,
    features: ["operator-access"],
  },
  {
    service: EndpointServiceName.EC2_MESSAGES,
    why: "Systems Manager: the SSM agent's message channel",
    source: SESSION_MANAGER,
    features: ["operator-access"],
  },
];

/** The requirements of a cluster with `features`, in table order. */
export function serviceRequirements(features: readonly ClusterFeature[]): ServiceRequirement[] {
  return SERVICE_REQUIREMENTS.filter((r) => !r.features || r.features.some((f) => features.includes(f)));
}

/** The interface endpoint services a cluster with `features` needs (everything but the S3 gateway). */
export function requiredInterfaceServices(features: readonly ClusterFeature[]): EndpointServiceName[] {
  return serviceRequirements(features)
    .map((r) => r.service)
    .filter((s) => s !== EndpointServiceName.S3);
}

/**
 * Where an image the cluster runs comes from, none of them over the internet:
 * - `aws-registry`: the EKS add-ons' images, in AWS's regional ECR registry (an account of AWS's own);
 * - `pull-through-cache`: an ECR Public image, pulled through this account's pull-through cache
 *   rule (the network stack creates it), so its first pull is fetched by ECR, not by the node;
 * - `own-ecr`: an image the EKS step puts into its own ECR repository.
 * Each is served by ecr.api (auth, manifests), ecr.dkr (the registry) and S3 (the layers).
 */
export type ImageSource = "aws-registry" | "pull-through-cache" | "own-ecr";

/** The upstream registry the pull-through cache serves, and the repository prefix it caches under. */
export const ECR_PUBLIC_CACHE = { upstream: "public.ecr.aws", prefix: "ecr-public" } as const;

/** The AWS Load Balancer Controller's image in ECR Public, as its Helm chart names it. */
export const LOAD_BALANCER_CONTROLLER_IMAGE = "eks/aws-load-balancer-controller";

/** One image the nodes pull, and where it comes from. */
export interface ImageRequirement {
  /** The image, as the reachability report names it ("<name> can be pulled"). */
  readonly name: string;
  /** What the EKS step must do for it, if anything. */
  readonly note?: string;
  /** Where it is published. */
  readonly upstream: string;
  readonly source: ImageSource;
  /** The AWS document that says where it comes from. */
  readonly doc: string;
  /** The features that run it; absent: every cluster. */
  readonly features?: readonly ClusterFeature[];
}

export const IMAGE_REQUIREMENTS: readonly ImageRequirement[] = [
  {
    name: "the EKS add-on images (VPC CNI, kube-proxy, CoreDNS, pause)",
    upstream: "AWS's regional add-on registry (602401143452.dkr.ecr.<region>.amazonaws.com in most regions)",
    source: "aws-registry",
    doc: "https://docs.aws.amazon.com/eks/latest/userguide/add-ons-images.html",
  },
  {
    name: "the EKS Pod Identity agent image (an add-on)",
    upstream: "AWS's regional add-on registry",
    source: "aws-registry",
    doc: "https://docs.aws.amazon.com/eks/latest/userguide/add-ons-images.html",
    features: ["pod-identity"],
  },
  {
    name: "the controller image (AWS Load Balancer Controller)",
    upstream: `${ECR_PUBLIC_CACHE.upstream}/${LOAD_BALANCER_CONTROLLER_IMAGE}`,
    source: "pull-through-cache",
    doc: "https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html",
    features: ["load-balancer-controller"],
  },
  // Container Insights: the logs endpoint is in every cluster's set for them.
  {
    name: "the CloudWatch agent image (Container Insights metrics)",
    upstream: `${ECR_PUBLIC_CACHE.upstream}/cloudwatch-agent/cloudwatch-agent`,
    source: "pull-through-cache",
    doc: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-setup-metrics.html",
  },
  {
    name: "the Fluent Bit image (container logs to CloudWatch Logs)",
    upstream: `${ECR_PUBLIC_CACHE.upstream}/aws-observability/aws-for-fluent-bit`,
    source: "pull-through-cache",
    doc: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-setup-logs-FluentBit.html",
  },
  {
    name: "the Cluster Autoscaler image",
    note: "copy it into your ECR and set the chart's image to it: this network has no cache rule for registry.k8s.io",
    upstream: "registry.k8s.io/autoscaling/cluster-autoscaler",
    source: "own-ecr",
    doc: PRIVATE_CLUSTERS,
    features: ["cluster-autoscaler"],
  },
  {
    name: "the forecast API image",
    upstream: "your ECR repository",
    source: "own-ecr",
    doc: PRIVATE_CLUSTERS,
  },
];

/** The images a cluster with `features` pulls, in table order. */
export function imageRequirements(features: readonly ClusterFeature[]): ImageRequirement[] {
  return IMAGE_REQUIREMENTS.filter((r) => !r.features || r.features.some((f) => features.includes(f)));
}

/** Whether a cluster with `features` pulls an image through the pull-through cache. */
export function needsPullThroughCache(features: readonly ClusterFeature[]): boolean {
  return imageRequirements(features).some((r) => r.source === "pull-through-cache");
}
