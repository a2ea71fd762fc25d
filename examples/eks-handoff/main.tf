# The next step's side of the hand-off: a private EKS cluster in plain Terraform, placed in the
# network this project deploys, reading its outputs from the network stack's state.
#
#   cd examples/eks-handoff
#   terraform init && terraform plan -var cluster_role_arn=... -var node_role_arn=...
#
# With the S3 backend (state.backend = "s3"), replace the data source below with:
#   data "terraform_remote_state" "network" {
#     backend = "s3"
#     config = {
#       bucket = "<state bucket>"
#       key    = "mlops-retail-forecast/network.tfstate"
#       region = "ap-southeast-1"
#     }
#   }

terraform {
  required_version = ">= 1.10"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

variable "network_state_path" {
  description = "The network stack's local state: terraform.network.tfstate at the project root"
  type        = string
  default     = "../../terraform.network.tfstate"
}

variable "region" {
  description = "Region of the network stack"
  type        = string
  default     = "ap-southeast-1"
}

variable "cluster_name" {
  description = "EKS cluster name (set eksClusterName to the same value to tag the subnets for it)"
  type        = string
  default     = "mlops-retail-forecast"
}

variable "cluster_role_arn" {
  description = "IAM role of the EKS control plane (Task 2)"
  type        = string
}

variable "node_role_arn" {
  description = "IAM role of the EKS worker nodes (Task 2)"
  type        = string
}

variable "controller_image_repository" {
  description = "The Load Balancer Controller's image repository, e.g. your own ECR copy; empty: through the network's ECR Public cache (public.ecr.aws itself with NAT egress)"
  type        = string
  default     = ""
}

provider "aws" {
  region = var.region
}

data "terraform_remote_state" "network" {
  backend = "local"
  config = {
    path = var.network_state_path
  }
}

locals {
  network = data.terraform_remote_state.network.outputs

  # Without a NAT gateway, nodes reach AWS only through interface endpoints: ec2 (VPC CNI, node
  # join), ecr.api + ecr.dkr (images), sts (IRSA), elasticloadbalancing (Load Balancer Controller).
  # https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html
  private_egress     = try(local.network.private_egress, "vpc-endpoints")
  required_endpoints = ["ec2", "ecr.api", "ecr.dkr", "sts", "elasticloadbalancing"]
  missing_endpoints  = [for s in local.required_endpoints : s if !contains(keys(try(local.network.interface_vpc_endpoint_ids, {})), s)]

  # The Load Balancer Controller's image is public.ecr.aws/eks/aws-load-balancer-controller. With
  # no NAT it comes through the network's ECR pull-through cache (ecr_public_cache_prefix, null
  # when the cache is off), reached through the ecr.api, ecr.dkr and S3 endpoints.
  ecr_public_cache = try(local.network.ecr_public_cache_prefix, null)
  controller_image = var.controller_image_repository != "" ? var.controller_image_repository : "${coalesce(local.ecr_public_cache, "public.ecr.aws")}/eks/aws-load-balancer-controller"
  region           = try(local.network.region, var.region)
}

resource "aws_eks_cluster" "this" {
  name     = var.cluster_name
  role_arn = var.cluster_role_arn

  vpc_config {
    subnet_ids              = local.network.private_workload_subnet_ids
    security_group_ids      = [local.network.eks_control_plane_security_group_id]
    endpoint_private_access = true # nodes and operators reach the API server inside the VPC
    endpoint_public_access  = false
  }

  lifecycle {
    precondition {
      condition     = local.private_egress == "nat-gateway" || length(local.missing_endpoints) == 0
      error_message = "The network has no NAT gateway and no interface endpoint for ${join(", ", local.missing_endpoints)}: nodes could not join or pull images. Deploy the network with endpointSet \"cluster\" (the default) or egress \"nat-gateway\"."
    }
    precondition {
      condition     = local.private_egress == "nat-gateway" || local.ecr_public_cache != null || var.controller_image_repository != ""
      error_message = "The network has no NAT gateway and no ECR Public pull-through cache (output ecr_public_cache_prefix): the Load Balancer Controller's image could not be pulled. Deploy the network with ecrPullThroughCache on (the default with the load-balancer-controller feature), or set controller_image_repository to your own copy."
    }
    precondition {
      condition     = length(local.network.private_workload_subnet_ids) >= 2
      error_message = "EKS needs subnets in at least two availability zones; the network output private_workload_subnet_ids has fewer."
    }
  }
}

# aws_eks_node_group has no security group argument: the nodes get the network's node security
# group through a launch template (which then replaces the EKS-created cluster security group).
resource "aws_launch_template" "nodes" {
  name_prefix            = "${var.cluster_name}-nodes-"
  vpc_security_group_ids = [local.network.eks_nodes_security_group_id]

  # With a launch template of our own, the nodes' IMDS settings are ours to set. IMDSv2 only, and a
  # hop limit of 1: a pod's traffic leaves the node's network namespace one hop further, so pods
  # cannot read the node role's credentials from IMDS and must use their own (IRSA). The price: the
  # Load Balancer Controller cannot discover its region and VPC either, so they are passed to it
  # (output load_balancer_controller_helm_values).
  # https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  lifecycle {
    precondition {
      condition     = can(regex("^sg-", local.network.eks_nodes_security_group_id))
      error_message = "The network output eks_nodes_security_group_id is not a security group id."
    }
  }
}

resource "aws_eks_node_group" "default" {
  cluster_name    = aws_eks_cluster.this.name
  node_group_name = "default"
  node_role_arn   = var.node_role_arn
  subnet_ids      = local.network.private_workload_subnet_ids

  launch_template {
    id      = aws_launch_template.nodes.id
    version = aws_launch_template.nodes.latest_version
  }

  scaling_config {
    desired_size = 2
    min_size     = 1
    max_size     = 3
  }
}

output "vpc_id" {
  description = "The VPC the cluster is in (from the network stack)"
  value       = local.network.vpc_id
}

output "alb_controller_settings" {
  description = "What the AWS Load Balancer Controller needs about the network"
  value = {
    vpc_id                 = local.network.vpc_id
    public_subnet_ids      = local.network.public_alb_subnet_ids
    alb_security_group_id  = local.network.alb_security_group_id
    sagemaker_runtime_vpce = try(local.network.sagemaker_runtime_vpc_endpoint_id, null)
  }
}

# The eks/aws-load-balancer-controller chart's values for this network, e.g.
#   terraform output -json load_balancer_controller_helm_values > lbc-values.json
#   helm install aws-load-balancer-controller eks/aws-load-balancer-controller -n kube-system -f lbc-values.json
# region and vpcId: IMDS is out of the pods' reach (hop limit 1). image: through the cache, at the
# version whose published IAM policy the network's endpoint policies were proven against. Shield,
# WAF and WAFv2 off (the chart passes --enable-shield=false, --enable-waf=false,
# --enable-wafv2=false): those APIs have no endpoint here, and the controller would fail calling them.
# The chart's service account still needs its IRSA role (serviceAccount.annotations).
output "load_balancer_controller_helm_values" {
  description = "Helm values of the AWS Load Balancer Controller for this network (isolated cluster)"
  value = {
    clusterName  = aws_eks_cluster.this.name
    region       = local.region
    vpcId        = local.network.vpc_id
    image        = { repository = local.controller_image, tag = "v3.5.0" }
    enableShield = false
    enableWaf    = false
    enableWafv2  = false
  }
}
