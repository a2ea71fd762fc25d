import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct } from "constructs";
import { ResourceNames } from "../config/names";

/** The four layers of security groups (docs/design.md#security-groups). */
export type GroupKey = keyof ResourceNames["securityGroups"];

const DESCRIPTIONS: Record<GroupKey, string> = {
  alb: "Security group for ALB public API demo access",
  eksNodes: "Security group for EKS worker nodes in private subnets",
  eksControlPlane: "Security group for EKS control plane",
  vpcEndpoints: "Security group for VPC endpoints (S3, ECR, SageMaker)",
};

const TERRAFORM_IDS: Record<GroupKey, string> = {
  alb: "alb_sg",
  eksNodes: "eks_nodes_sg",
  eksControlPlane: "eks_control_plane_sg",
  vpcEndpoints: "vpc_endpoints_sg",
};

/** The groups' ids; the endpoints group only exists when there is an interface endpoint to guard. */
export type SecurityGroupIds = Record<Exclude<GroupKey, "vpcEndpoints">, string> & { readonly vpcEndpoints?: string };

export interface SecurityGroupsProps {
  readonly vpcId: string;
  readonly names: ResourceNames;
  /**
   * Whether to build the endpoints group. Without an interface endpoint (NAT egress) it would be
   * attached to nothing. @default true
   */
  readonly endpointsGroup?: boolean;
  /** `prevent_destroy` on the groups: the EKS cluster and node groups reference them. @default false (the stacks pass the `protect` setting, on by default) */
  readonly protect?: boolean;
}

/**
 * The four security groups, without rules: rules are separate resources (see
 * `security-group-rules.ts`) because they reference each other and the S3 endpoint.
 * A group created by Terraform has no rules at all, not even AWS's default allow-all egress.
 */
export class SecurityGroups extends Construct {
  readonly ids: SecurityGroupIds;

  constructor(scope: Construct, id: string, props: SecurityGroupsProps) {
    super(scope, id);
    const keys = (Object.keys(DESCRIPTIONS) as GroupKey[]).filter((key) => key !== "vpcEndpoints" || (props.endpointsGroup ?? true));
    this.ids = Object.fromEntries(
      keys.map((key) => {
        const name = props.names.securityGroups[key];
        const group = new SecurityGroup(this, TERRAFORM_IDS[key], {
          name,
          description: DESCRIPTIONS[key],
          vpcId: props.vpcId,
          tags: { Name: name },
          lifecycle: { preventDestroy: props.protect ?? false },
        });
        return [key, group.id];
      }),
    ) as SecurityGroupIds;
  }
}
