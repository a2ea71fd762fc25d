import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { GroupKey, SecurityGroupIds } from "./security-groups";

/** Where a rule's traffic comes from (ingress) or goes to (egress). */
export type PeerSpec = { group: GroupKey } | { cidr: string } | { prefixList: string } | { externalGroup: string };

export interface RuleSpec {
  /** Terraform name of the rule resource. */
  readonly id: string;
  readonly group: GroupKey;
  readonly direction: "ingress" | "egress";
  /** A TCP port, or "all" for all traffic. */
  readonly port: number | "all";
  readonly peer: PeerSpec;
  readonly description: string;
}

export interface LayeredRulesInput {
  readonly vpcCidr: string;
  /** The S3 gateway endpoint's prefix list id. */
  readonly s3PrefixListId: string;
  /** An SG of a peered VPC allowed to reach the endpoints (the walkthrough's "SageMaker SG"). @default none */
  readonly endpointsPeerSecurityGroupId?: string;
  /** The port the API pods listen on; the ALB reaches the pods on it (IP targets). @default 80 */
  readonly apiTargetPort?: number;
  /** Nodes may open HTTPS connections to the internet (only with a NAT gateway). @default false */
  readonly internetEgress?: boolean;
}

const INTERNET = { cidr: "0.0.0.0/0" };

/**
 * The ports the ALB may reach the pods on, besides the API port: the walkthrough's 80 and 443. The one
 * place this policy lives: the rules below open these (and the API port), and the reachability
 * report checks that nothing else gets from the ALB to the pods. Add a port here, never in either.
 */
export const ALB_TO_POD_PORTS = [80, 443];

/** Every port the ALB reaches the pods on, for pods listening on `apiTargetPort` (@default 80). */
export const albToPodPorts = (apiTargetPort = 80) => [...new Set([...ALB_TO_POD_PORTS, apiTargetPort])];

/**
 * The document's security group layers as data: Internet → ALB → EKS nodes → VPC endpoints,
 * plus the flows it relies on but forgot (marked "Added:"; docs/design.md#security-groups lists them). The ALB
 * reaches the pods on `albToPodPorts` and on nothing else.
 */
export function layeredRules(input: LayeredRulesInput): RuleSpec[] {
  const apiPort = input.apiTargetPort ?? 80;
  const albToPods = albToPodPorts(apiPort);
  const portName = (port: number) => (port === 80 ? "http" : port === 443 ? "https" : `api_${port}`);
  const rules: RuleSpec[] = [
    {
      id: "alb_in_http_from_internet",
      group: "alb",
      direction: "ingress",
      port: 80,
      peer: INTERNET,
      description: "HTTP from the internet: the demo listener forwards it (HTTP-only mode) or redirects it to HTTPS",
    },
    {
      id: "alb_in_https_from_internet",
      group: "alb",
      direction: "ingress",
      port: 443,
      peer: INTERNET,
      description: "HTTPS API demo from the internet",
    },
    ...albToPods.flatMap((port): RuleSpec[] => [
      {
        id: `alb_out_${portName(port)}_to_eks_nodes`,
        group: "alb",
        direction: "egress",
        port,
        peer: { group: "eksNodes" },
        description: `ALB to the EKS API pods it targets, port ${port}`,
      },
      {
        id: `eks_nodes_in_${portName(port)}_from_alb`,
        group: "eksNodes",
        direction: "ingress",
        port,
        peer: { group: "alb" },
        description: port === apiPort ? `API traffic from the ALB (pods listen on ${port})` : `API traffic from the ALB, port ${port}`,
      },
    ]),
    {
      id: "eks_nodes_in_all_from_self",
      group: "eksNodes",
      direction: "ingress",
      port: "all",
      peer: { group: "eksNodes" },
      description: "Inter-node and pod-to-pod traffic",
    },
    {
      id: "eks_nodes_in_all_from_control_plane",
      group: "eksNodes",
      direction: "ingress",
      port: "all",
      peer: { group: "eksControlPlane" },
      description: "Cluster management from the EKS control plane",
    },
    {
      id: "eks_nodes_out_https_to_endpoints",
      group: "eksNodes",
      direction: "egress",
      port: 443,
      peer: { group: "vpcEndpoints" },
      description: "AWS services through the interface endpoints",
    },
    {
      id: "eks_nodes_out_all_to_self",
      group: "eksNodes",
      direction: "egress",
      port: "all",
      peer: { group: "eksNodes" },
      description: "Inter-node and pod-to-pod traffic",
    },
    {
      id: "eks_nodes_out_https_to_s3",
      group: "eksNodes",
      direction: "egress",
      port: 443,
      peer: { prefixList: input.s3PrefixListId },
      description:
        "Added: S3 through the gateway endpoint (model artifacts, ECR layers); gateway traffic goes to the S3 prefix list, not to a security group",
    },
    {
      id: "eks_nodes_out_https_to_control_plane",
      group: "eksNodes",
      direction: "egress",
      port: 443,
      peer: { group: "eksControlPlane" },
      description: "Added: kubelets and pods must reach the cluster API on 443",
    },

    {
      id: "eks_control_plane_in_https_from_nodes",
      group: "eksControlPlane",
      direction: "ingress",
      port: 443,
      peer: { group: "eksNodes" },
      description: "Cluster API access from the nodes",
    },
    {
      id: "eks_control_plane_out_all_to_nodes",
      group: "eksControlPlane",
      direction: "egress",
      port: "all",
      peer: { group: "eksNodes" },
      description: "Cluster management of the nodes (kubelet, webhooks)",
    },

    {
      id: "vpc_endpoints_in_https_from_nodes",
      group: "vpcEndpoints",
      direction: "ingress",
      port: 443,
      peer: { group: "eksNodes" },
      description: "EKS nodes to AWS services",
    },
    {
      id: "vpc_endpoints_in_https_from_vpc",
      group: "vpcEndpoints",
      direction: "ingress",
      port: 443,
      peer: { cidr: input.vpcCidr },
      description: "Fallback: anything in the VPC to AWS services",
    },
  ];
  if (input.internetEgress) {
    rules.push({
      id: "eks_nodes_out_https_to_internet",
      group: "eksNodes",
      direction: "egress",
      port: 443,
      peer: INTERNET,
      description: "HTTPS to the internet through the NAT gateway (egress nat-gateway)",
    });
  }
  if (input.endpointsPeerSecurityGroupId) {
    rules.push({
      id: "vpc_endpoints_in_https_from_peer",
      group: "vpcEndpoints",
      direction: "ingress",
      port: 443,
      peer: { externalGroup: input.endpointsPeerSecurityGroupId },
      description: "A security group of a peered VPC (SageMaker) to AWS services; needs VPC peering",
    });
  }
  return rules;
}

export interface SecurityGroupRulesProps extends LayeredRulesInput {
  /** The groups built; the rules of a group that is not, or towards it, are left out. */
  readonly groupIds: SecurityGroupIds;
}

/** One `aws_vpc_security_group_{ingress,egress}_rule` per rule of `layeredRules` whose groups exist. */
export class SecurityGroupRules extends Construct {
  constructor(scope: Construct, id: string, props: SecurityGroupRulesProps) {
    super(scope, id);
    const built = (group: GroupKey) => props.groupIds[group] !== undefined;
    for (const rule of layeredRules(props).filter((r) => built(r.group) && (!("group" in r.peer) || built(r.peer.group)))) {
      const Rule = rule.direction === "ingress" ? VpcSecurityGroupIngressRule : VpcSecurityGroupEgressRule;
      new Rule(this, rule.id, {
        securityGroupId: props.groupIds[rule.group]!,
        description: rule.description,
        ...(rule.port === "all" ? { ipProtocol: "-1" } : { ipProtocol: "tcp", fromPort: rule.port, toPort: rule.port }),
        ...peerArguments(rule.peer, props.groupIds),
      });
    }
  }
}

function peerArguments(peer: PeerSpec, groupIds: SecurityGroupIds) {
  if ("group" in peer) return { referencedSecurityGroupId: groupIds[peer.group] };
  if ("externalGroup" in peer) return { referencedSecurityGroupId: peer.externalGroup };
  if ("prefixList" in peer) return { prefixListId: peer.prefixList };
  return { cidrIpv4: peer.cidr };
}
