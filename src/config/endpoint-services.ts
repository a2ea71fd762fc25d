/** Why an interface endpoint is there; the README's endpoint table is generated from the same words. */
export interface EndpointService {
  /** Short service name: `com.amazonaws.<region>.<service>`. */
  readonly service: string;
  readonly purpose: string;
}

/** The seed's three interface endpoints (section 2), always created. */
export const SEED_INTERFACE_ENDPOINTS: readonly EndpointService[] = [
  { service: "ecr.api", purpose: "ECR API: image manifests and auth tokens for pulls" },
  { service: "ecr.dkr", purpose: "ECR Docker registry: image layer downloads (layers come from S3)" },
  { service: "logs", purpose: "CloudWatch Logs: container and node logs" },
];

/** The seed's optional SageMaker runtime endpoint (sections 5.1/5.2). */
export const SAGEMAKER_RUNTIME_ENDPOINT: EndpointService = {
  service: "sagemaker.runtime",
  purpose: "SageMaker runtime: invoke inference endpoints privately",
};

/** What AWS lists for private EKS clusters without outbound internet, beyond the seed's three. */
export const EKS_PRIVATE_CLUSTER_ENDPOINTS: readonly EndpointService[] = [
  { service: "ec2", purpose: "EC2 API: the VPC CNI attaches ENIs and IPs; nodes describe themselves on join" },
  { service: "sts", purpose: "STS: IAM roles for service accounts (IRSA) exchange web identity tokens" },
  { service: "elasticloadbalancing", purpose: "ELB API: the AWS Load Balancer Controller manages ALBs and target groups" },
  { service: "eks-auth", purpose: "EKS Auth: EKS Pod Identity credentials" },
];

/** Services that may be named in `extraInterfaceEndpoints`. */
export const OPTIONAL_ENDPOINTS: readonly EndpointService[] = [
  { service: "autoscaling", purpose: "Auto Scaling API: Cluster Autoscaler" },
  { service: "xray", purpose: "X-Ray: tracing from the API pods" },
  { service: "ssm", purpose: "Systems Manager: Session Manager access to nodes" },
  { service: "ssmmessages", purpose: "Systems Manager: Session Manager data channel" },
  { service: "ec2messages", purpose: "Systems Manager: agent messages" },
  { service: "monitoring", purpose: "CloudWatch metrics: Container Insights" },
  { service: "kms", purpose: "KMS: envelope encryption of secrets" },
  { service: "secretsmanager", purpose: "Secrets Manager: application secrets" },
  { service: "sagemaker.api", purpose: "SageMaker API: model and endpoint management" },
  SAGEMAKER_RUNTIME_ENDPOINT,
  ...EKS_PRIVATE_CLUSTER_ENDPOINTS,
];
