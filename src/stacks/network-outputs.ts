import type { TerraformRemoteState } from "cdktn";

/**
 * The network stack's outputs: a public contract. The EKS step reads them by these names with
 * `terraform output` / `terraform_remote_state`; the first names are exactly the walkthrough's (docs/design.md#52-outputs).
 */
export const NETWORK_OUTPUTS = [
  { name: "vpc_id", description: "Hybrid VPC ID" },
  { name: "vpc_cidr_block", description: "VPC CIDR block" },
  { name: "public_alb_subnet_ids", description: "Public subnet IDs for ALB, one per availability zone" },
  { name: "private_workload_subnet_ids", description: "Private subnet IDs for EKS and SageMaker, one per availability zone" },
  { name: "alb_security_group_id", description: "ALB Security Group ID" },
  { name: "eks_nodes_security_group_id", description: "EKS Nodes Security Group ID" },
  { name: "eks_control_plane_security_group_id", description: "EKS Control Plane Security Group ID" },
  { name: "s3_vpc_endpoint_id", description: "S3 VPC Endpoint ID" },
  { name: "ecr_api_vpc_endpoint_id", description: "ECR API VPC Endpoint ID" },
  {
    name: "sagemaker_runtime_vpc_endpoint_id",
    description: "SageMaker Runtime VPC Endpoint ID; null unless sagemakerRuntimeEndpoint is on (read it with try())",
  },
  { name: "ecr_dkr_vpc_endpoint_id", description: "ECR DKR VPC Endpoint ID" },
  { name: "logs_vpc_endpoint_id", description: "CloudWatch Logs VPC Endpoint ID" },
  {
    name: "vpc_endpoints_security_group_id",
    description: "VPC Endpoints Security Group ID; null when there is no interface endpoint, as with NAT egress (read it with try())",
  },
  { name: "interface_vpc_endpoint_ids", description: "Every interface VPC endpoint ID, by service name (e.g. ecr.api)" },
  {
    name: "private_route_table_id",
    description: "Private route table ID (local route, S3 gateway route, and the NAT route with egress nat-gateway)",
  },
  { name: "availability_zones", description: "Availability zones of the subnets, in subnet order" },
  { name: "private_egress", description: "How the private subnets reach AWS and the internet: vpc-endpoints (no internet) or nat-gateway" },
  { name: "region", description: "AWS region of the network (the Load Balancer Controller's --aws-region)" },
  {
    name: "ecr_public_cache_prefix",
    description:
      "ECR Public pull-through cache, <registry>/ecr-public: the image public.ecr.aws/X is pulled as <this>/X; null unless ecrPullThroughCache is on (read it with try())",
  },
  {
    name: "demo_certificate",
    description:
      "The demo's ACM certificate (DNS-validated, issued) and its name, { arn, domain_name }; null without demoDomainName (read it with try()); read by the demo-alb stack",
  },
] as const;

export type NetworkOutputName = (typeof NETWORK_OUTPUTS)[number]["name"];

/**
 * The network's outputs as another stack reads them through remote state. Only names of the
 * contract compile, so renaming or dropping an output breaks its readers at `tsc`, not at apply.
 */
export interface NetworkOutputsState {
  /** An output, or an attribute of an object output (`demo_certificate.arn`). */
  getString(name: NetworkOutputName | `${NetworkOutputName}.${string}`): string;
  getList(name: NetworkOutputName): string[];
}

/** `state` (a `terraform_remote_state` of the network stack) typed by the output contract. */
export function networkOutputsOf(state: Pick<TerraformRemoteState, "getString" | "getList">): NetworkOutputsState {
  return { getString: (name) => state.getString(name), getList: (name) => state.getList(name) };
}
