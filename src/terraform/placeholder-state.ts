import { EnvironmentConfig } from "../config/types";

/** Prefix of every placeholder id, so nobody mistakes them for real resources. */
export const PLACEHOLDER = "placeholder";

/**
 * A Terraform state file holding only the network stack's outputs, with obviously fake ids: what
 * the demo-alb stack reads when it is planned or tested without a deployed network.
 */
export function placeholderNetworkState(env: EnvironmentConfig): object {
  const ids = (kind: string) => env.availabilityZones.map((az) => `${kind}-${PLACEHOLDER}-${az}`);
  const outputs: Record<string, { value: unknown; type: unknown }> = {
    vpc_id: { value: `vpc-${PLACEHOLDER}`, type: "string" },
    vpc_cidr_block: { value: env.vpcCidr, type: "string" },
    public_alb_subnet_ids: { value: ids("subnet-public"), type: ["tuple", ids("").map(() => "string")] },
    private_workload_subnet_ids: { value: ids("subnet-private"), type: ["tuple", ids("").map(() => "string")] },
    alb_security_group_id: { value: `sg-${PLACEHOLDER}-alb`, type: "string" },
    eks_nodes_security_group_id: { value: `sg-${PLACEHOLDER}-eks-nodes`, type: "string" },
    eks_control_plane_security_group_id: { value: `sg-${PLACEHOLDER}-eks-control-plane`, type: "string" },
  };
  return {
    version: 4,
    terraform_version: "1.11.0",
    serial: 1,
    lineage: `${PLACEHOLDER}-network-state`,
    outputs,
    resources: [],
    check_results: null,
  };
}
