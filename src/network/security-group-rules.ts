import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { GroupKey, SecurityGroupIds } from "./security-groups";

/** Where a rule's traffic comes from (ingress) or goes to (egress). */
export type PeerSpec = { group: GroupKey } | { cidr: string } | { prefixList: string } | { externalGroup: string };

/** What a rule lets through, as EC2 takes it: every protocol and port, or a TCP or UDP port range (both ends included). */
export type PortSpec =
  { readonly protocol: "all" } | { readonly protocol: "tcp" | "udp"; readonly fromPort: number; readonly toPort: number };

/** Every protocol and every port (EC2's protocol -1). */
export const ALL_TRAFFIC: PortSpec = { protocol: "all" };

/** TCP ports `fromPort` to `toPort`; one port: `tcp(443)`. Throws on ports EC2 refuses. */
export function tcp(fromPort: number, toPort = fromPort): PortSpec {
  const valid = (port: number) => Number.isInteger(port) && port >= 0 && port <= 65535;
  if (!valid(fromPort) || !valid(toPort) || fromPort > toPort) {
    throw new Error(`TCP ${fromPort}-${toPort}: give whole ports 0-65535, the first not above the last`);
  }
  return { protocol: "tcp", fromPort, toPort };
}

export interface RuleSpec {
  /** Terraform name of the rule resource. */
  readonly id: string;
  readonly group: GroupKey;
  readonly direction: "ingress" | "egress";
  readonly ports: PortSpec;
  readonly peer: PeerSpec;
  readonly description: string;
}

/** One value for the rule of each side of a connection. */
export interface BothSides<T> {
  readonly egress: T;
  readonly ingress: T;
}

/** How a group starts the names of its own rules, and how another group's rules name it. */
const RULE_NAMES: Record<GroupKey, { readonly own: string; readonly asPeer: string }> = {
  alb: { own: "alb", asPeer: "alb" },
  eksNodes: { own: "eks_nodes", asPeer: "nodes" },
  eksControlPlane: { own: "eks_control_plane", asPeer: "control_plane" },
  vpcEndpoints: { own: "vpc_endpoints", asPeer: "endpoints" },
};

/** The ports in a rule's name: `all`, `http`, `https`, `tcp_8080`, `tcp_1024_65535`. */
function portsWord(ports: PortSpec): string {
  if (ports.protocol === "all") return "all";
  const range = ports.fromPort === ports.toPort ? `${ports.fromPort}` : `${ports.fromPort}_${ports.toPort}`;
  const known = ports.protocol === "tcp" ? { "80": "http", "443": "https" }[range] : undefined;
  return known ?? `${ports.protocol}_${range}`;
}

/**
 * Traffic from one of our groups to another (or to itself): the egress rule of `from` and the
 * ingress rule of `to`, with the same ports, so the two sides cannot disagree. Named
 * `<from>_out_<ports>_to_<to>` and `<to>_in_<ports>_from_<from>` (`self` when they are one group),
 * unless `ids` gives the names a deployed rule already has. One description for both sides, or one each.
 */
export function connection(
  from: GroupKey,
  to: GroupKey,
  ports: PortSpec,
  description: string | BothSides<string>,
  ids?: BothSides<string>,
): [egress: RuleSpec, ingress: RuleSpec] {
  const word = portsWord(ports);
  const peerName = (group: GroupKey) => (from === to ? "self" : RULE_NAMES[group].asPeer);
  const described = typeof description === "string" ? { egress: description, ingress: description } : description;
  return [
    {
      id: ids?.egress ?? `${RULE_NAMES[from].own}_out_${word}_to_${peerName(to)}`,
      group: from,
      direction: "egress",
      ports,
      peer: { group: to },
      description: described.egress,
    },
    {
      id: ids?.ingress ?? `${RULE_NAMES[to].own}_in_${word}_from_${peerName(from)}`,
      group: to,
      direction: "ingress",
      ports,
      peer: { group: from },
      description: described.ingress,
    },
  ];
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
  // Deployed under these names (`api_<port>`, and the nodes as `eks_nodes`): a new name would replace the rules.
  const portName = (port: number) => (port === 80 ? "http" : port === 443 ? "https" : `api_${port}`);
  const rules: RuleSpec[] = [
    {
      id: "alb_in_http_from_internet",
      group: "alb",
      direction: "ingress",
      ports: tcp(80),
      peer: INTERNET,
      description: "HTTP from the internet: the demo listener forwards it (HTTP-only mode) or redirects it to HTTPS",
    },
    {
      id: "alb_in_https_from_internet",
      group: "alb",
      direction: "ingress",
      ports: tcp(443),
      peer: INTERNET,
      description: "HTTPS API demo from the internet",
    },
    ...albToPodPorts(apiPort).flatMap((port) =>
      connection(
        "alb",
        "eksNodes",
        tcp(port),
        {
          egress: `ALB to the EKS API pods it targets, port ${port}`,
          ingress: port === apiPort ? `API traffic from the ALB (pods listen on ${port})` : `API traffic from the ALB, port ${port}`,
        },
        { egress: `alb_out_${portName(port)}_to_eks_nodes`, ingress: `eks_nodes_in_${portName(port)}_from_alb` },
      ),
    ),
    ...connection("eksNodes", "eksNodes", ALL_TRAFFIC, "Inter-node and pod-to-pod traffic"),
    ...connection("eksControlPlane", "eksNodes", ALL_TRAFFIC, {
      egress: "Cluster management of the nodes (kubelet, webhooks)",
      ingress: "Cluster management from the EKS control plane",
    }),
    ...connection("eksNodes", "eksControlPlane", tcp(443), {
      egress: "Added: kubelets and pods must reach the cluster API on 443",
      ingress: "Cluster API access from the nodes",
    }),
    ...connection("eksNodes", "vpcEndpoints", tcp(443), {
      egress: "AWS services through the interface endpoints",
      ingress: "EKS nodes to AWS services",
    }),
    {
      id: "eks_nodes_out_https_to_s3",
      group: "eksNodes",
      direction: "egress",
      ports: tcp(443),
      peer: { prefixList: input.s3PrefixListId },
      description:
        "Added: S3 through the gateway endpoint (model artifacts, ECR layers); gateway traffic goes to the S3 prefix list, not to a security group",
    },
    {
      id: "vpc_endpoints_in_https_from_vpc",
      group: "vpcEndpoints",
      direction: "ingress",
      ports: tcp(443),
      peer: { cidr: input.vpcCidr },
      description: "Fallback: anything in the VPC to AWS services",
    },
  ];
  if (input.internetEgress) {
    rules.push({
      id: "eks_nodes_out_https_to_internet",
      group: "eksNodes",
      direction: "egress",
      ports: tcp(443),
      peer: INTERNET,
      description: "HTTPS to the internet through the NAT gateway (egress nat-gateway)",
    });
  }
  if (input.endpointsPeerSecurityGroupId) {
    rules.push({
      id: "vpc_endpoints_in_https_from_peer",
      group: "vpcEndpoints",
      direction: "ingress",
      ports: tcp(443),
      peer: { externalGroup: input.endpointsPeerSecurityGroupId },
      description: "A security group of a peered VPC (SageMaker) to AWS services; needs VPC peering",
    });
  }
  return rules;
}

/** A rule another rule already covers (same group and direction, no port or peer more), kept on purpose. */
export interface KeptOverlap {
  /** The narrower rule's id. */
  readonly rule: string;
  /** The id of the rule that covers it. */
  readonly coveredBy: string;
  /** Why both stay: what the narrower rule still does for the design. */
  readonly why: string;
}

const NAT_RULE_KEEPS_LAYERS =
  "with egress nat-gateway the nodes may send 443 anywhere; this rule is the layered design's, the same in both egress modes, so switching egress adds or removes that one rule and nothing else, and this path never depends on it";

/**
 * The overlaps the design keeps. `npm run reachability` finds every rule another one covers in the
 * synthesized stacks and gives the reason from here; an overlap not listed is reported unexplained.
 */
export const KEPT_OVERLAPS: readonly KeptOverlap[] = [
  {
    rule: "vpc_endpoints_in_https_from_nodes",
    coveredBy: "vpc_endpoints_in_https_from_vpc",
    why: "the walkthrough's endpoints group has both; the group rule is the one the nodes need, and it still holds where the VPC-wide fallback does not: for pods given addresses from a block the EKS step adds to the VPC later (VPC CNI custom networking, often in 100.64.0.0/10), and if the fallback is ever narrowed",
  },
  ...["eks_nodes_out_https_to_s3", "eks_nodes_out_https_to_control_plane", "eks_nodes_out_https_to_endpoints"].map((rule) => ({
    rule,
    coveredBy: "eks_nodes_out_https_to_internet",
    why: NAT_RULE_KEEPS_LAYERS,
  })),
];

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
        ...portArguments(rule.ports),
        ...peerArguments(rule.peer, props.groupIds),
      });
    }
  }
}

function portArguments(ports: PortSpec) {
  return ports.protocol === "all" ? { ipProtocol: "-1" } : { ipProtocol: ports.protocol, fromPort: ports.fromPort, toPort: ports.toPort };
}

function peerArguments(peer: PeerSpec, groupIds: SecurityGroupIds) {
  if ("group" in peer) return { referencedSecurityGroupId: groupIds[peer.group] };
  if ("externalGroup" in peer) return { referencedSecurityGroupId: peer.externalGroup };
  if ("prefixList" in peer) return { prefixListId: peer.prefixList };
  return { cidrIpv4: peer.cidr };
}
