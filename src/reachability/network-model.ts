/**
 * The synthesized network (and optionally the demo ALB) read into the facts reachability needs:
 * subnets and their route tables, routes, security group rules, endpoints, NAT gateways, and
 * where each place (ALB, nodes, control plane) sits and which group guards it.
 */
import type { NetworkOutputName } from "../stacks/network-outputs";
import {
  StackJson,
  asList,
  networkOutputValue,
  parseReference,
  parseStack,
  resourcesOf,
  shortServiceName,
  throughRemoteState,
} from "../synthesized/stack-json";
import { ECR_PUBLIC_CACHE } from "../eks/cluster-requirements";
import { DemoAlbInfo, readDemoAlb } from "./demo-alb";
import { Route, routeTableKey, routes, subnetRouting } from "../synthesized/routes";
import { RuleToPeer, groupKey } from "../synthesized/security-group-rules";
import { NatGatewayInfo, natGateways } from "./routes";
import { ipv4RulesToPeers } from "./security-group-rules";
import { Place } from "./types";

export interface SubnetInfo {
  readonly address: string;
  readonly cidr: string;
  readonly zone: string;
  readonly mapPublicIp: boolean;
  /** The route table it uses, by `routeTableKey`: its association, else `main:<vpc address>`. */
  readonly routeTable: string;
}

export interface EndpointInfo {
  readonly address: string;
  /** Short service name, e.g. `ecr.api`. */
  readonly service: string;
  readonly type: "Interface" | "Gateway" | string;
  readonly privateDns: boolean;
  readonly subnets: readonly string[];
  readonly groups: readonly string[];
  readonly routeTables: readonly string[];
  /** The endpoint policy as synthesized (a JSON string); undefined: AWS's full-access default. */
  readonly policy?: string;
}

/** An ECR pull-through cache rule: images of `upstream` are pulled as `<registry>/<prefix>/…`. */
export interface PullThroughCacheRule {
  readonly address: string;
  readonly prefix: string;
  readonly upstream: string;
}

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
  readonly subnets: ReadonlyMap<string, SubnetInfo>;
  readonly routes: readonly Route[];
  readonly rules: readonly RuleToPeer[];
  readonly endpoints: readonly EndpointInfo[];
  readonly natGateways: readonly NatGatewayInfo[];
  readonly pullThroughCacheRules: readonly PullThroughCacheRule[];
  readonly places: Readonly<Record<VpcPlace, PlaceInfo>>;
  readonly demoAlb?: DemoAlbInfo;
  /** Network ACL resources present: the model does not read them (the default ACL allows everything). */
  readonly networkAcls: readonly string[];
}

const addresses = (value: unknown): string[] => (Array.isArray(value) ? value.map((v) => parseReference(v)?.address ?? String(v)) : []);

function readSubnets(stack: StackJson): Map<string, SubnetInfo> {
  return new Map(
    subnetRouting(stack).map((s) => [
      s.address,
      { address: s.address, cidr: s.cidr, zone: s.zone, mapPublicIp: s.mapPublicIp, routeTable: s.routeTable },
    ]),
  );
}

function readEndpoints(stack: StackJson): EndpointInfo[] {
  return resourcesOf(stack, "aws_vpc_endpoint").map((e) => ({
    address: e.address,
    service: shortServiceName(String(e.body.service_name)),
    type: String(e.body.vpc_endpoint_type ?? "Gateway"),
    privateDns: e.body.private_dns_enabled === true,
    subnets: addresses(e.body.subnet_ids),
    groups: (e.body.security_group_ids ?? []).map(groupKey),
    routeTables: asList(e.body.route_table_ids).map(routeTableKey),
    ...(typeof e.body.policy === "string" ? { policy: e.body.policy } : {}),
  }));
}

function readPlaces(
  network: StackJson,
  subnets: ReadonlyMap<string, SubnetInfo>,
  demo: DemoAlbInfo | undefined,
): Record<VpcPlace, PlaceInfo> {
  const output = (name: NetworkOutputName) => networkOutputValue(network, name);
  const group = (value: unknown) => (value === undefined || value === null ? undefined : groupKey(value));
  const privateSubnets = addresses(output("private_workload_subnet_ids"));
  const privateIps = { subnets: privateSubnets, publicIp: privateSubnets.some((s) => subnets.get(s)?.mapPublicIp) };
  const albSubnets = addresses(demo ? throughRemoteState(demo.subnets, network.output) : output("public_alb_subnet_ids"));
  return {
    alb: demo
      ? {
          group: group(throughRemoteState(demo.securityGroup, network.output)),
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
  const demoAlb = demoAlbJson === undefined ? undefined : readDemoAlb(parseStack(demoAlbJson));
  const vpc = resourcesOf(network, "aws_vpc")[0]?.body ?? {};
  const subnets = readSubnets(network);
  const providers = (network.provider?.aws ?? []) as { region?: string; alias?: string }[];
  return {
    region: providers.find((p) => !p.alias)?.region,
    // AWS defaults: DNS support on, DNS hostnames off.
    vpc: { cidr: String(vpc.cidr_block), dnsSupport: vpc.enable_dns_support !== false, dnsHostnames: vpc.enable_dns_hostnames === true },
    subnets,
    routes: routes(network),
    rules: ipv4RulesToPeers(network),
    endpoints: readEndpoints(network),
    natGateways: natGateways(network),
    pullThroughCacheRules: [
      ...resourcesOf(network, "aws_ecr_pull_through_cache_rule").map((r) => ({
        address: r.address,
        prefix: String(r.body.ecr_repository_prefix),
        upstream: String(r.body.upstream_registry_url),
      })),
      // The rule of the environment named in ecrRegistryOwner, read by its prefix: these stacks give that prefix one upstream.
      ...Object.entries(network.data?.aws_ecr_pull_through_cache_rule ?? {})
        .filter(([, body]) => body.ecr_repository_prefix === ECR_PUBLIC_CACHE.prefix)
        .map(([name]) => ({
          address: `data.aws_ecr_pull_through_cache_rule.${name}`,
          prefix: ECR_PUBLIC_CACHE.prefix,
          upstream: ECR_PUBLIC_CACHE.upstream,
        })),
    ],
    places: readPlaces(network, subnets, demoAlb),
    demoAlb,
    networkAcls: ["aws_network_acl", "aws_network_acl_rule"].flatMap((t) => resourcesOf(network, t).map((r) => r.address)),
  };
}
