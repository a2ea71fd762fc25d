/**
 * The reachability report: what a private EKS cluster needs (services and ports), the
 * demo path internet → ALB → pod → /health, and what must stay blocked, each checked against the
 * synthesized stacks; and the rules another rule covers, with the reason each is kept.
 */
import { ClusterFeature, imageRequirements, serviceRequirements } from "../eks/cluster-requirements";
import { albToPodPorts } from "../network/security-group-rules";
import { EndpointProof } from "../policy/endpoint-proof";
import { StackJson } from "../synthesized/stack-json";
import { endpointPolicySection } from "./endpoint-policies";
import { imagePull } from "./image-pull";
import { NetworkModel, VpcPlace, readNetwork } from "./network-model";
import { openPortsExcept } from "./open-ports";
import { RedundantRule, redundantRules } from "./redundant-rules";
import { DNS_NOTE, SERVICE_PORT, STATEFUL_NOTE, headline, reach, summary } from "./reach";
import { Destination, Place, Step, describeDestination } from "./types";

export interface Check {
  readonly name: string;
  readonly why: string;
  /** The AWS document the requirement comes from. */
  readonly source: string;
  readonly expect: "reachable" | "blocked";
  /** Whether the network does what is expected. */
  readonly ok: boolean;
  readonly reason: string;
  readonly steps: readonly Step[];
}

export interface Section {
  readonly title: string;
  readonly checks: readonly Check[];
  /** Said instead of checks when the section cannot be checked. */
  readonly skipped?: string;
}

export interface ReachabilityReport {
  readonly features: readonly ClusterFeature[];
  /** How the private subnets get out, as read from the stack: NAT gateway(s), or endpoints only. */
  readonly egress: string;
  readonly sections: readonly Section[];
  /** Rules of the network stack another rule covers: findings, not failures. */
  readonly redundantRules: readonly RedundantRule[];
  readonly notes: readonly string[];
}

export interface ReportInput {
  readonly network: string | StackJson;
  readonly demoAlb?: string | StackJson;
  readonly features: readonly ClusterFeature[];
  /** The IAM simulator's proof of the endpoint policies (asynchronous, so run first); absent: that section is skipped. */
  readonly endpointProof?: EndpointProof;
}

/** The AWS documents the requirements come from. */
export const SOURCES = {
  eksSecurityGroups: "https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html",
  eksPrivateClusters: "https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html",
  eksNetwork: "https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html",
  albSecurityGroups: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html",
  albHealthChecks: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html",
  interfaceEndpoints: "https://docs.aws.amazon.com/vpc/latest/privatelink/interface-endpoints.html",
  subnetTypes: "https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html",
  natGateways: "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html",
} as const;

function flow(
  model: NetworkModel,
  from: Place,
  to: Destination,
  why: string,
  source: string,
  expect: Check["expect"] = "reachable",
): Check {
  const v = reach(model, from, to);
  return {
    name: `${from} → ${describeDestination(to)}`,
    why,
    source,
    expect,
    ok: v.reachable === (expect === "reachable"),
    reason: summary(v),
    steps: v.steps,
  };
}

/** Every port but `allowed` from `from` to `to` must be blocked. */
function onlyPorts(model: NetworkModel, from: Place, to: VpcPlace, allowed: readonly number[], why: string, source: string): Check {
  const ports = [...new Set(allowed)].sort((a, b) => a - b);
  const open = openPortsExcept(model, from, to, ports);
  const sample = reach(model, from, { place: to, port: open[0] ?? "all" });
  const others = ports.length ? `any port but ${ports.join(", ")}` : "any port";
  return {
    name: `${from} → ${to} on ${others}`,
    why,
    source,
    expect: "blocked",
    ok: open.length === 0,
    reason: open.length
      ? `open on TCP ${open.join(", ")}: ${sample.steps.map((s) => s.reason).join("; ")}`
      : `no ${ports.length ? "other " : ""}port gets through: ${summary(sample)}`,
    steps: sample.steps,
  };
}

function serviceSection(model: NetworkModel, features: readonly ClusterFeature[]): Section {
  return {
    title: `AWS services the nodes and pods call (TCP ${SERVICE_PORT}; features: ${features.join(", ") || "none"})`,
    checks: serviceRequirements(features).map((r) => flow(model, "node", { service: r.service }, r.why, r.source)),
  };
}

const SOURCE_NAMES = {
  "aws-registry": "AWS's add-on registry",
  "pull-through-cache": "this account's pull-through cache",
  "own-ecr": "your ECR",
} as const;

function imageSection(model: NetworkModel, features: readonly ClusterFeature[]): Section {
  return {
    title: "Images the nodes pull (ECR: ecr.api, ecr.dkr, the layers from S3)",
    checks: imageRequirements(features).map((image) => {
      const v = imagePull(model, image);
      return {
        name: `${image.name} can be pulled`,
        why: `${image.upstream}, from ${SOURCE_NAMES[image.source]}${image.note ? ` (${image.note})` : ""}`,
        source: image.doc,
        expect: "reachable",
        ok: v.reachable,
        reason: v.reachable ? (v.via ?? headline(v)) : headline(v),
        steps: v.steps,
      };
    }),
  };
}

/** The cluster's own flows; node → endpoints and node → S3 are the service checks unless `checked` lacks them. */
function portSection(model: NetworkModel, checked: readonly string[]): Section {
  const otherEndpoints = model.endpoints.map((e) => e.service).filter((s) => !checked.includes(s));
  return {
    title: "Ports of the cluster (the ALB → pod port is in the demo path)",
    checks: [
      flow(model, "node", { place: "control-plane", port: 443 }, "kubelets and pods to the Kubernetes API", SOURCES.eksSecurityGroups),
      flow(
        model,
        "control-plane",
        { place: "node", port: 10250 },
        "API server to the kubelets (logs, exec, port-forward)",
        SOURCES.eksSecurityGroups,
      ),
      flow(
        model,
        "control-plane",
        { place: "node", port: 443 },
        "API server to admission webhooks and extension API servers in pods",
        SOURCES.eksSecurityGroups,
      ),
      flow(
        model,
        "node",
        { place: "node", port: "all" },
        "pod to pod and node to node (CNI, CoreDNS on UDP 53)",
        SOURCES.eksSecurityGroups,
      ),
      ...otherEndpoints.map((s) =>
        flow(model, "node", { service: s }, `the stack's ${s} endpoint answers the nodes on ${SERVICE_PORT}`, SOURCES.interfaceEndpoints),
      ),
    ],
  };
}

function demoSection(model: NetworkModel): Section {
  const demo = model.demoAlb;
  const tg = demo?.targetGroup;
  const title = "Demo path: internet → ALB → pod → /health";
  if (!demo || !tg) return { title, checks: [], skipped: "no demo-alb stack (or no target group in it)" };
  const healthPort = tg.healthPort === "traffic-port" ? tg.port : tg.healthPort;
  const listener = (port: number) =>
    demo.listeners.some((l) => l.port === port) ? `listener on ${port}` : `no listener on ${port} yet, the group is ready for one`;
  return {
    title,
    checks: [
      flow(model, "internet", { place: "alb", port: 80 }, `HTTP to the ALB (${listener(80)})`, SOURCES.albSecurityGroups),
      flow(model, "internet", { place: "alb", port: 443 }, `HTTPS to the ALB (${listener(443)})`, SOURCES.albSecurityGroups),
      flow(
        model,
        "alb",
        { place: "node", port: tg.port },
        `requests forwarded to the pods (${tg.address} port ${tg.port})`,
        SOURCES.albSecurityGroups,
      ),
      flow(
        model,
        "alb",
        { place: "node", port: healthPort },
        `health check GET ${tg.healthPath} on ${tg.healthPort === "traffic-port" ? `traffic-port (${tg.port})` : `port ${healthPort}`}`,
        SOURCES.albHealthChecks,
      ),
    ],
  };
}

function blockedSection(model: NetworkModel): Section {
  const allowedToPods = albToPodPorts(model.demoAlb?.targetGroup?.port);
  const nat = model.natGateways.length > 0;
  return {
    title: "Must stay blocked",
    checks: [
      onlyPorts(
        model,
        "internet",
        "node",
        [],
        "the private subnets have no route from the internet and no public IPs",
        SOURCES.subnetTypes,
      ),
      onlyPorts(model, "internet", "control-plane", [], "the control plane's ENIs are private", SOURCES.eksNetwork),
      nat
        ? flow(
            model,
            "node",
            { place: "internet", port: 443 },
            "NAT egress mode: the private subnets open connections out through the NAT gateway (inbound stays blocked, above)",
            SOURCES.natGateways,
          )
        : flow(
            model,
            "node",
            { place: "internet", port: 443 },
            "no NAT: the private subnets reach AWS only through endpoints",
            SOURCES.eksPrivateClusters,
            "blocked",
          ),
      onlyPorts(
        model,
        "alb",
        "node",
        allowedToPods,
        "the ALB reaches the pods only on the ports its rules are for (ALB_TO_POD_PORTS and the API port)",
        SOURCES.albSecurityGroups,
      ),
    ],
  };
}

/** Checks every requirement against the stacks. Pure. */
export function reachabilityReport(input: ReportInput): ReachabilityReport {
  const model = readNetwork(input.network, input.demoAlb);
  const services = serviceSection(model, input.features);
  const nats = model.natGateways.filter((n) => n.public).map((n) => n.address);
  const policies = endpointPolicySection(input.endpointProof);
  return {
    features: input.features,
    egress: nats.length
      ? `NAT gateway ${nats.join(", ")} (AWS services without a VPC endpoint are reached through it)`
      : "none, no NAT gateway (AWS services only through VPC endpoints)",
    sections: [
      services,
      imageSection(model, input.features),
      portSection(
        model,
        serviceRequirements(input.features).map((r) => r.service),
      ),
      policies.section,
      demoSection(model),
      blockedSection(model),
    ],
    redundantRules: redundantRules(input.network),
    notes: [
      DNS_NOTE,
      STATEFUL_NOTE,
      "node → control plane also needs the cluster's private endpoint access on, which is set on the cluster, not in these stacks",
      model.networkAcls.length
        ? `network ACLs are not modelled: ${model.networkAcls.join(", ")}`
        : "no network ACL in the stack: the VPC's default ACL allows everything",
      ...policies.notes,
    ],
  };
}

/** The checks that do not hold. */
export function failures(report: ReachabilityReport): Check[] {
  return report.sections.flatMap((s) => s.checks.filter((c) => !c.ok));
}

/** Non-zero when any requirement fails. */
export function exitCode(report: ReachabilityReport): number {
  return failures(report).length > 0 ? 1 : 0;
}
