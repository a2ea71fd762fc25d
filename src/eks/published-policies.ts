/**
 * What the cluster's components are published to do: the IAM policies AWS and the controllers'
 * maintainers publish for them. The endpoint-policy proof (src/policy/endpoint-proof.ts) derives
 * its calls from these documents, so a call the components make is judged even when nobody thought
 * of it. The documents are copies (src/eks/published/, each with its source and date); refresh them
 * when AWS publishes a new version.
 */
import managed from "./published/aws-managed-policies.json";
import loadBalancerController from "./published/aws-load-balancer-controller-iam-policy.json";

/** An IAM policy document as published. */
export interface PublishedDocument {
  readonly Version?: string;
  readonly Statement: readonly Record<string, unknown>[];
}

/** One component's published permissions, and who holds them. */
export interface PublishedPolicy {
  /** The policy's name, as the report shows it. */
  readonly name: string;
  /** Who calls with it: the role the EKS step attaches it to. */
  readonly holder: string;
  readonly document: PublishedDocument;
  /** Where the document comes from. */
  readonly source: string;
  /** The calls are unsigned: a web-identity token is traded for a role, before any principal exists. */
  readonly unsigned?: boolean;
}

const MANAGED_HOLDERS: Readonly<Record<keyof typeof managed.policies, string>> = {
  AmazonEKSWorkerNodePolicy: "the node role (kubelet, the Pod Identity agent)",
  AmazonEKS_CNI_Policy: "the VPC CNI (node role or its IRSA role)",
  AmazonEC2ContainerRegistryPullOnly: "the node role (image pulls, the pull-through cache's first pull)",
  AmazonEBSCSIDriverPolicy: "the EBS CSI driver's IRSA role",
  CloudWatchAgentServerPolicy: "the CloudWatch agent and Fluent Bit (Container Insights)",
  AmazonSSMManagedInstanceCore: "the node role (the SSM agent)",
};

const API_POD_POLICY_SOURCE = "src/eks/published-policies.ts (the forecast API's own role, written here)";

/**
 * The API pods' own calls beyond image pulls (the node's): the model artifacts in this account's
 * bucket and the SageMaker endpoint that serves the model. The names are examples; accounts and
 * regions are what the proof varies.
 */
const API_POD_POLICY: PublishedDocument = {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"], Resource: "*" },
    { Effect: "Allow", Action: "sagemaker:InvokeEndpoint", Resource: "*" },
    { Effect: "Allow", Action: "sts:GetCallerIdentity", Resource: "*" },
  ],
};

/** Every published policy the proof reads, in report order. */
export const PUBLISHED_POLICIES: readonly PublishedPolicy[] = [
  ...Object.entries(managed.policies).map(([name, p]) => ({
    name,
    holder: MANAGED_HOLDERS[name as keyof typeof managed.policies],
    document: p.document as PublishedDocument,
    source: `${p.arn} ${p.versionId} (updated ${p.updated.slice(0, 10)}; ${managed.source})`,
  })),
  {
    name: `AWS Load Balancer Controller ${loadBalancerController.version} iam_policy.json`,
    holder: "the Load Balancer Controller's IRSA role",
    document: loadBalancerController.document as PublishedDocument,
    source: loadBalancerController.source,
  },
  { name: "the forecast API's role", holder: "the API pods (IRSA)", document: API_POD_POLICY, source: API_POD_POLICY_SOURCE },
  {
    name: "IRSA's token exchange",
    holder: "a pod's service-account token, traded for one of this account's roles",
    document: { Statement: [{ Effect: "Allow", Action: "sts:AssumeRoleWithWebIdentity", Resource: "arn:aws:iam::*:role/*" }] },
    source: "https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html",
    unsigned: true,
  },
];

/** The Load Balancer Controller version whose policy is proven; the hand-off pins its image to it. */
export const LOAD_BALANCER_CONTROLLER_VERSION = loadBalancerController.version;
