/**
 * Can traffic get from a place to a destination in the synthesized network? The answer is the
 * chain a packet meets: name resolution and endpoint (for AWS services), route, the source's
 * security group egress, the destination's ingress. Network ACLs are not modelled (the stack
 * keeps the default ACL, which allows everything).
 */
import { fullServiceName } from "../config/endpoint-catalog";
import { VpcEndpoint } from "../synthesized/endpoints";
import { defaultRoute, SubnetRouting } from "../synthesized/routes";
import { NetworkModel, PlaceInfo, VpcPlace } from "./network-model";
import { End, securityGroupStep } from "./sg-checks";
import { Destination, Place, Port, Stage, Step, ReachVerdict } from "./types";

/** AWS service APIs are HTTPS. */
export const SERVICE_PORT = 443;

export const STATEFUL_NOTE = "security groups are stateful: replies to an allowed connection need no rule";
export const DNS_NOTE = "names resolve through the VPC's Amazon DNS resolver (VPC base + 2), which security groups do not filter";
const GATEWAY_NOTE = "a gateway endpoint has no security group: the route and the endpoint policy decide";

const INTERNET_END: End = { what: "the internet (0.0.0.0/0)", groups: [], cidrs: ["0.0.0.0/0"], prefixLists: [] };

function verdict(steps: Step[], notes: string[] = [], via?: string): ReachVerdict {
  return { reachable: steps.every((s) => s.ok), steps, notes, ...(via ? { via } : {}) };
}

/**
 * One step over every subnet of a place: ok when all are. `check` says why without naming the
 * subnet; subnets with the same answer share one line.
 */
function perSubnet(
  model: NetworkModel,
  stage: Stage,
  subnets: readonly string[],
  check: (s: SubnetRouting) => { ok: boolean; reason: string },
): Step {
  if (subnets.length === 0) return { stage, ok: false, reason: "no subnets are known for it" };
  const results = subnets.map((address) => {
    const subnet = model.subnets.get(address);
    return { address, ...(subnet ? check(subnet) : { ok: false, reason: "is not in the network stack" }) };
  });
  const failed = results.filter((r) => !r.ok);
  const shown = failed.length ? failed : results;
  const reasons = [...new Set(shown.map((r) => r.reason))];
  return {
    stage,
    ok: failed.length === 0,
    reason: reasons
      .map(
        (reason) =>
          `${shown
            .filter((r) => r.reason === reason)
            .map((r) => r.address)
            .join(", ")} ${reason}`,
      )
      .join("; "),
  };
}

function endOf(model: NetworkModel, place: VpcPlace): End {
  const info = model.places[place];
  return {
    what: `${place} (${info.group ?? "no security group"})`,
    groups: info.group ? [info.group] : [],
    cidrs: subnetCidrs(model, info.subnets),
    prefixLists: [],
  };
}

const subnetCidrs = (model: NetworkModel, subnets: readonly string[]) => subnets.flatMap((s) => model.subnets.get(s)?.cidr ?? []);

function localRoute(model: NetworkModel, ...places: PlaceInfo[]): Step {
  const empty = places.find((p) => p.subnets.length === 0);
  if (empty) return { stage: "route", ok: false, reason: `no subnets are known (${empty.source})` };
  return { stage: "route", ok: true, reason: `inside the VPC (${model.vpc.cidr}): the local route of every route table` };
}

function publicIpStep(place: VpcPlace, info: PlaceInfo): Step {
  return info.publicIp
    ? {
        stage: "public-ip",
        ok: true,
        reason: `${place} has public IPv4 addresses (${place === "alb" ? "internet-facing load balancer" : "map_public_ip_on_launch"})`,
      }
    : { stage: "public-ip", ok: false, reason: `${place} has no public IPv4 address: the internet cannot address it` };
}

function betweenPlaces(model: NetworkModel, from: VpcPlace, to: VpcPlace, port: Port): ReachVerdict {
  const [src, dst] = [model.places[from], model.places[to]];
  return verdict(
    [
      localRoute(model, src, dst),
      securityGroupStep(model.rules, src.group, "egress", endOf(model, to), port, from),
      securityGroupStep(model.rules, dst.group, "ingress", endOf(model, from), port, to),
    ],
    [STATEFUL_NOTE],
  );
}

function fromInternet(model: NetworkModel, to: VpcPlace, port: Port): ReachVerdict {
  const dst = model.places[to];
  const route = perSubnet(model, "route", dst.subnets, (s) => {
    const r = defaultRoute(model.routes, s.routeTable);
    return r?.target.kind === "internet-gateway"
      ? { ok: true, reason: `route 0.0.0.0/0 to ${r.target.id} (${r.origin})` }
      : {
          ok: false,
          reason: `have no route 0.0.0.0/0 to an internet gateway in ${s.routeTable}${r ? ` (only to ${r.target.id}, which carries connections opened from inside)` : ""}: not public subnets`,
        };
  });
  return verdict(
    [route, publicIpStep(to, dst), securityGroupStep(model.rules, dst.group, "ingress", INTERNET_END, port, to)],
    [STATEFUL_NOTE],
  );
}

/** Why a NAT gateway does or does not carry traffic to the internet. */
function natReason(model: NetworkModel, address: string): { ok: boolean; reason: string } {
  const nat = model.natGateways.find((n) => n.address === address);
  if (!nat) return { ok: false, reason: `${address} is not in the network stack` };
  if (!nat.public) return { ok: false, reason: `${address} is not a public NAT gateway with an elastic IP (allocation_id)` };
  const subnet = nat.subnet ? model.subnets.get(nat.subnet) : undefined;
  const upstream = subnet && defaultRoute(model.routes, subnet.routeTable);
  return upstream?.target.kind === "internet-gateway"
    ? { ok: true, reason: `${address} sits in public subnet ${subnet!.address}, routed to ${upstream.target.id}` }
    : { ok: false, reason: `${address} is not in a subnet routed to an internet gateway` };
}

function toInternet(model: NetworkModel, from: VpcPlace, port: Port): ReachVerdict {
  const src = model.places[from];
  const viaIgw: string[] = [];
  const viaNat = new Set<string>();
  const route = perSubnet(model, "route", src.subnets, (s) => {
    const r = defaultRoute(model.routes, s.routeTable);
    if (!r)
      return {
        ok: false,
        reason: `use ${s.routeTable}, which has no route 0.0.0.0/0 (no NAT gateway, no internet gateway)`,
      };
    if (r.target.kind === "internet-gateway") {
      viaIgw.push(s.address);
      return { ok: true, reason: `route 0.0.0.0/0 to ${r.target.id} (${r.origin})` };
    }
    if (r.target.kind === "nat-gateway") {
      const nat = natReason(model, r.target.id);
      if (nat.ok) viaNat.add(r.target.id);
      return { ok: nat.ok, reason: `route 0.0.0.0/0 to ${r.target.id} (${r.origin}); ${nat.reason}` };
    }
    return { ok: false, reason: `route 0.0.0.0/0 to ${r.target.id}, which is not an internet or NAT gateway` };
  });
  const steps = [
    route,
    ...(viaIgw.length ? [publicIpStep(from, src)] : []),
    securityGroupStep(model.rules, src.group, "egress", INTERNET_END, port, from),
  ];
  const via = viaNat.size ? `through NAT gateway ${[...viaNat].join(", ")}` : undefined;
  return verdict(steps, [STATEFUL_NOTE], via);
}

function throughInterfaceEndpoint(model: NetworkModel, from: VpcPlace, endpoint: VpcEndpoint): ReachVerdict {
  const src = model.places[from];
  const dnsProblems = [
    ...(endpoint.privateDns
      ? []
      : [`${endpoint.address} has private_dns_enabled off: the SDKs' default name resolves to the public endpoint, which needs internet`]),
    ...(model.vpc.dnsSupport ? [] : ["the VPC has enable_dns_support off"]),
    ...(model.vpc.dnsHostnames ? [] : ["the VPC has enable_dns_hostnames off (private DNS needs it)"]),
  ];
  const dns: Step = dnsProblems.length
    ? { stage: "dns", ok: false, reason: dnsProblems.join("; ") }
    : { stage: "dns", ok: true, reason: `private DNS on ${endpoint.address}: the service's default name resolves to its ENIs` };
  const placement = perSubnet(model, "endpoint", src.subnets, (s) => {
    if (endpoint.subnets.includes(s.address)) return { ok: true, reason: `have an ENI of ${endpoint.address} in them` };
    const sameZone = endpoint.subnets.find((e) => model.subnets.get(e)?.zone === s.zone);
    return sameZone
      ? { ok: true, reason: `have an ENI of ${endpoint.address} in their zone (in ${sameZone})` }
      : { ok: false, reason: `have no ENI of ${endpoint.address}, not even elsewhere in zone ${s.zone}` };
  });
  const end: End = {
    what: `${endpoint.address}'s security groups`,
    groups: endpoint.groups,
    cidrs: subnetCidrs(model, endpoint.subnets),
    prefixLists: [],
  };
  const ingress = endpoint.groups.map((g) =>
    securityGroupStep(model.rules, g, "ingress", endOf(model, from), SERVICE_PORT, endpoint.address),
  );
  const noGroups: Step = {
    stage: "sg-ingress",
    ok: false,
    reason: `${endpoint.address} has no security_group_ids: it gets the VPC's default group`,
  };
  return verdict(
    [
      dns,
      placement,
      localRoute(model, src),
      securityGroupStep(model.rules, src.group, "egress", end, SERVICE_PORT, from),
      ingress.find((s) => s.ok) ?? ingress[0] ?? noGroups,
    ],
    [DNS_NOTE, STATEFUL_NOTE],
    `through interface endpoint ${endpoint.address}`,
  );
}

function throughGatewayEndpoint(model: NetworkModel, from: VpcPlace, endpoint: VpcEndpoint): ReachVerdict {
  const src = model.places[from];
  const route = perSubnet(model, "route", src.subnets, (s) =>
    model.routes.some((r) => r.table === s.routeTable && r.gatewayEndpoint && r.target.id === endpoint.address)
      ? { ok: true, reason: `use ${s.routeTable}, which is in ${endpoint.address}.route_table_ids (prefix list → gateway)` }
      : { ok: false, reason: `use ${s.routeTable}, which is not in ${endpoint.address}.route_table_ids` },
  );
  const prefixList = `\${${endpoint.address}.prefix_list_id}`;
  const end: End = {
    what: `the ${endpoint.service} prefix list (${prefixList})`,
    groups: [],
    cidrs: ["0.0.0.0/0"],
    prefixLists: [prefixList],
  };
  return verdict(
    [
      { stage: "endpoint", ok: true, reason: `${endpoint.address} is a gateway endpoint for ${endpoint.service}` },
      route,
      securityGroupStep(model.rules, src.group, "egress", end, SERVICE_PORT, from),
    ],
    [GATEWAY_NOTE, STATEFUL_NOTE],
    `through gateway endpoint ${endpoint.address}`,
  );
}

function toService(model: NetworkModel, from: VpcPlace, service: string): ReachVerdict {
  const ofService = model.endpoints.filter((e) => e.service === service);
  const gateway = ofService.find((e) => e.type === "Gateway");
  if (gateway) return throughGatewayEndpoint(model, from, gateway);
  const iface = ofService.find((e) => e.type === "Interface");
  if (iface) return throughInterfaceEndpoint(model, from, iface);
  // Without an endpoint the public service name is the only way, which needs the internet.
  const viaInternet = toInternet(model, from, SERVICE_PORT);
  const fix = `: add the interface endpoint ${model.region ? fullServiceName(model.region, service) : service} in ${from === "node" ? "the nodes'" : `the ${from}'s`} subnets`;
  const instead = viaInternet.via ? `reached ${viaInternet.via} instead` : "reached over the internet instead";
  const missing: Step = {
    stage: "endpoint",
    ok: viaInternet.reachable,
    reason: `no VPC endpoint for ${service}${viaInternet.reachable ? `: ${instead}` : fix}`,
  };
  const via = viaInternet.via && `${viaInternet.via} (no VPC endpoint for ${service})`;
  return verdict([missing, ...viaInternet.steps], [...viaInternet.notes], via);
}

/** Whether `to` is reachable from `from`, with the chain of reasons. */
export function reach(model: NetworkModel, from: Place, to: Destination): ReachVerdict {
  if (from === "internet") {
    if ("service" in to || to.place === "internet")
      return verdict([{ stage: "route", ok: false, reason: "the model only follows internet traffic into the VPC" }]);
    return fromInternet(model, to.place, to.port);
  }
  if ("service" in to) return toService(model, from, to.service);
  if (to.place === "internet") return toInternet(model, from, to.port);
  return betweenPlaces(model, from, to.place, to.port);
}

/** The first failing step's reason, or the last step's when reachable. */
export function headline(v: ReachVerdict): string {
  return (v.steps.find((s) => !s.ok) ?? v.steps[v.steps.length - 1])?.reason ?? "";
}

/** What decided it: the headline, after the way taken when it got through. */
export function summary(v: ReachVerdict): string {
  return v.reachable && v.via ? `${v.via}: ${headline(v)}` : headline(v);
}
