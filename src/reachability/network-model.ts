/**
 * The synthesized network (and optionally the demo ALB) read into the facts reachability needs:
 * subnets and their route tables, routes, security group rules, endpoints, NAT gateways, and
 * where each place (ALB, nodes, control plane) sits and which group guards it.
 */
import type { NetworkOutputName } from "../stacks/network-outputs";
import { VpcEndpoint, vpcEndpoints } from "../synthesized/endpoints";
import { LoadBalancer, loadBalancers } from "../synthesized/load-balancers";
import { NatGateway, natGateways } from "../synthesized/nat-gateways";
import { PullThroughCacheRule, pullThroughCacheRules } from "../synthesized/pull-through-cache";
import { Route, routes, subnetRouting, SubnetRouting } from "../synthesized/routes";
import { RuleToPeer, groupKey } from "../synthesized/security-group-rules";
import { StackJson, networkOutputValue, parseReference, parseStack, throughRemoteState } from "../synthesized/stack-json";
import { networkAcls, vpcOf } from "../synthesized/vpc";
import { ipv4RulesToPeers } from "./security-group-rules";
import { Place } from "./types";

export interface PlaceInfo {
  /** The guarding security group, by `groupKey`; undefined when the stacks do not say. */
  readonly group?: string;
  readonly subnets: readonly string[];
  readonly publicIp: boolean;
  /** Where the group and subnets were read from, for the reasons. */
  readonly source: string;
}

export type VpcPlace = Exclude<Place, "internet">;

export interface NetworkModel {
  /** The region of the stack's default AWS provider, to name services in full; undefined if absent. */
  readonly region?: string;
  readonly vpc: { readonly cidr: string; readonly dnsSupport: boolean; readonly dnsHostnames: boolean };
  readonly subnets: ReadonlyMap<string, SubnetRouting>;
  readonly routes: readonly Route[];
  readonly rules: readonly RuleToPeer[];
  readonly endpoints: readonly VpcEndpoint[];
  readonly natGateways: readonly NatGateway[];
  readonly pullThroughCacheRules: readonly PullThroughCacheRule[];
  readonly places: Readonly<Record<VpcPlace, PlaceInfo>>;
  /** The demo-alb stack's load balancer. */
  readonly demoAlb?: LoadBalancer;
  /** Network ACL resources present: the model does not read them (the default ACL allows everything). */
  readonly networkAcls: readonly string[];
}

const addresses = (value: unknown): string[] => (Array.isArray(value) ? value.map((v) => parseReference(v)?.address ?? String(v)) : []);

function readPlaces(
  network: StackJson,
  subnets: ReadonlyMap<string, SubnetRouting>,
  demo: LoadBalancer | undefined,
): Record<VpcPlace, PlaceInfo> {
  const output = (name: NetworkOutputName) => networkOutputValue(network, name);
  const group = (value: unknown) => (value === undefined || value === null ? undefined : groupKey(value));
  const privateSubnets = addresses(output("private_workload_subnet_ids"));
  const privateIps = { subnets: privateSubnets, publicIp: privateSubnets.some((s) => subnets.get(s)?.mapPublicIp) };
  const albSubnets = addresses(demo ? throughRemoteState(demo.subnets, network.output) : output("public_alb_subnet_ids"));
  return {
    alb: demo
      ? {
          group: group(throughRemoteState(demo.securityGroups[0], network.output)),
          subnets: albSubnets,
          publicIp: demo.internetFacing,
          source: `${demo.address} (security group and subnets from the network's outputs)`,
        }
      : {
          group: group(output("alb_security_group_id")),
          subnets: albSubnets,
          publicIp: true,
          source: "network outputs alb_security_group_id, public_alb_subnet_ids (ALB assumed internet-facing)",
        },
    node: {
      group: group(output("eks_nodes_security_group_id")),
      ...privateIps,
      source: "network outputs eks_nodes_security_group_id, private_workload_subnet_ids",
    },
    // EKS's control-plane ENIs never get public addresses.
    "control-plane": {
      group: group(output("eks_control_plane_security_group_id")),
      subnets: privateSubnets,
      publicIp: false,
      source: "network outputs eks_control_plane_security_group_id, private_workload_subnet_ids",
    },
  };
}

/** Reads the network stack, and the demo-alb stack when given. Pure: the same JSON gives the same model. */
export function readNetwork(networkJson: string | StackJson, demoAlbJson?: string | StackJson): NetworkModel {
  const network = parseStack(networkJson);
  const demoAlb = demoAlbJson === undefined ? undefined : loadBalancers(parseStack(demoAlbJson))[0];
  const vpc = vpcOf(network);
  const subnets = new Map(subnetRouting(network).map((s) => [s.address, s]));
  return {
    region: vpc?.region,
    vpc: { cidr: String(vpc?.cidr), dnsSupport: vpc?.dnsSupport ?? true, dnsHostnames: vpc?.dnsHostnames ?? false },
    subnets,
    routes: routes(network),
    rules: ipv4RulesToPeers(network),
    endpoints: vpcEndpoints(network),
    natGateways: natGateways(network),
    pullThroughCacheRules: pullThroughCacheRules(network),
    places: readPlaces(network, subnets, demoAlb),
    demoAlb,
    networkAcls: networkAcls(network),
  };
}
