/**
 * The picture, in Graphviz DOT: tiers left to right (internet → internet gateway → public subnets
 * with the ALB and any NAT gateway → private subnets with the pods → VPC endpoints), only the paths traffic takes as edges, each element tagged with its security group, and the
 * rules themselves as a table under the picture (the graph's label).
 */
import { isAnywhere, RuleToPeer, trafficOf } from "../../synthesized/security-group-rules";
import { bold, escapeHtml, groupColor, LAYOUT_FONT, lines, small } from "./html";
import { ArchitectureModel, Tier } from "./model";
import { rulesTable } from "./rules-table";

const id = (address: string) => `"${address.replace(/"/g, "")}"`;

/** "TCP 80, 443" from the rules' traffic, protocols kept apart. */
export function trafficSummary(rules: readonly RuleToPeer[]): string {
  const byProtocol = new Map<string, string[]>();
  for (const text of [...new Set(rules.map(trafficOf))]) {
    const [protocol, ...rest] = text.split(" ");
    const ports = /^\d/.test(rest.join(" ")) ? rest.join(" ") : "";
    if (!ports) byProtocol.set(text, []);
    else byProtocol.set(protocol, [...(byProtocol.get(protocol) ?? []), ports]);
  }
  return [...byProtocol].map(([protocol, ports]) => (ports.length ? `${protocol} ${ports.join(", ")}` : protocol)).join("; ");
}

/** A box: a bold title, grey detail lines and one coloured row per security group it carries. */
function box(title: string, details: string[], groups: readonly string[], model: ArchitectureModel): string {
  const badge = (address: string) => {
    const index = model.securityGroups.findIndex((g) => g.address === address);
    const name = model.securityGroups[index]?.name ?? address;
    return `<TR><TD BGCOLOR="${groupColor(Math.max(index, 0))}" CELLPADDING="3">${small(escapeHtml(`SG ${name}`), "#222222")}</TD></TR>`;
  };
  const detail = details.length ? `<TR><TD>${small(lines(details, "CENTER"))}</TD></TR>` : "";
  return `<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="3"><TR><TD>${bold(escapeHtml(title))}</TD></TR>${detail}${groups.map(badge).join("")}</TABLE>>`;
}

/** A tier's label: its name, its subnets by zone and its route tables. */
function tierLabel(tier: Tier, vpcCidr: string): string {
  const title = tier.kind === "public" ? "Public subnets" : "Private subnets";
  const row = (html: string) => `<TR><TD ALIGN="LEFT" BALIGN="LEFT">${html}</TD></TR>`;
  const subnets = tier.subnets.map((s) =>
    row(`${small(escapeHtml(`${s.cidr}  ${s.zone}`), "#222222")}<BR ALIGN="LEFT"/>${small(escapeHtml(s.label), "#666666")}`),
  );
  const tables = tier.routeTables.map((t) =>
    row(small(lines([`route table ${t.name}`, `  ${vpcCidr} → local`, ...t.routes.map((r) => `  ${r}`)]), "#222222")),
  );
  return `<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">${row(bold(escapeHtml(title)))}${subnets.join("")}${tables.join("")}</TABLE>>`;
}

const TIER_COLORS = { public: { fill: "#eef7ef", line: "#3b8a52" }, private: { fill: "#edf2fb", line: "#3a6fb0" } };

export function architectureDot(model: ArchitectureModel): string {
  const out: string[] = [];
  const add = (indent: number, ...texts: string[]) => out.push(...texts.map((t) => `${"  ".repeat(indent)}${t}`));
  const rulesFrom = (groups: readonly string[], to: (r: RuleToPeer) => boolean) =>
    model.rules.filter((r) => groups.includes(r.group) && to(r));
  const peerIn = (groups: readonly string[]) => (r: RuleToPeer) => r.peer.kind === "group" && groups.includes(r.peer.group);

  const albGroups = model.loadBalancers.flatMap((lb) => lb.groups);
  const endpointGroups = model.interfaceEndpoints.flatMap((e) => e.groups);
  const fromInternet = rulesFrom(albGroups, (r) => r.direction === "ingress" && r.peer.kind === "cidr" && isAnywhere(r.peer.cidr));

  add(0, "digraph architecture {");
  add(
    1,
    `graph [rankdir=LR, newrank=true, compound=true, nodesep=0.35, ranksep=0.55, pad=0.3, fontname="${LAYOUT_FONT}", fontsize=12, labelloc=b, labeljust=l];`,
  );
  add(
    1,
    `node [fontname="${LAYOUT_FONT}", fontsize=12, shape=box, style="rounded,filled", fillcolor="#ffffff", color="#777777", margin="0.16,0.08"];`,
  );
  add(1, `edge [fontname="${LAYOUT_FONT}", fontsize=10, color="#555555", fontcolor="#333333", penwidth=1.3, arrowsize=0.7];`);
  add(1, `internet [label=${box("Internet", [], [], model)}, shape=ellipse, fillcolor="#f2f2f2"];`);
  for (const igw of model.internetGateways) {
    add(1, `${id(igw.address)} [label=${box("Internet gateway", [igw.name], [], model)}, fillcolor="#fdecdc", color="#c0703a"];`);
    add(1, `internet -> ${id(igw.address)} [dir=both, label="${escapeHtml(trafficSummary(fromInternet))}"];`);
  }

  const vpcTitle = `VPC ${model.vpc.name}  ${model.vpc.cidr}${model.vpc.region ? `  (${model.vpc.region})` : ""}`;
  const vpcLabel = `<<TABLE BORDER="0" CELLPADDING="2"><TR><TD ALIGN="LEFT">${bold(escapeHtml(vpcTitle))}</TD></TR>${model.vpc.flowLogs ? `<TR><TD ALIGN="LEFT">${small(escapeHtml(model.vpc.flowLogs))}</TD></TR>` : ""}</TABLE>>`;
  add(
    1,
    "subgraph cluster_vpc {",
    `  label=${vpcLabel}; labelloc=t; labeljust=l; style="rounded"; color="#1f4e79"; penwidth=1.6; margin=14;`,
  );
  for (const tier of model.tiers) {
    add(
      2,
      `subgraph cluster_${tier.kind} {`,
      `  label=${tierLabel(tier, model.vpc.cidr)}; labelloc=t; labeljust=l; style="rounded,filled"; fillcolor="${TIER_COLORS[tier.kind].fill}"; color="${TIER_COLORS[tier.kind].line}"; margin=12;`,
    );
    if (tier.kind === "public") {
      for (const lb of model.loadBalancers) {
        const target = lb.targetGroup
          ? [
              `forwards to ${lb.targetGroup.name}`,
              `(${lb.targetGroup.targetType} targets, ${lb.targetGroup.traffic}${lb.targetGroup.healthPath ? `, health ${lb.targetGroup.healthPath}` : ""})`,
            ]
          : [];
        add(
          3,
          `${id(lb.address)} [label=${box("Application load balancer", [lb.name, ...lb.listeners.map((l) => `listener ${l}`), ...target], lb.groups, model)}];`,
        );
      }
      for (const nat of model.natGateways) {
        const where = nat.subnet ? [`in ${nat.subnet.zone} (${nat.subnet.cidr})`] : [];
        add(
          3,
          `${id(nat.address)} [label=${box("NAT gateway", [nat.name, ...where, ...(nat.elasticIp ? [`Elastic IP ${nat.elasticIp}`] : [])], [], model)}];`,
        );
      }
      if (!model.loadBalancers.length && !model.natGateways.length)
        add(3, `public_empty [label="no load balancer deployed", shape=plain, fontcolor="#777777"];`);
    } else {
      const toInternet = tier.routeTables.some((t) => t.routes.some((r) => isAnywhere(r.split(" ")[0])));
      const where = [`in the ${tier.subnets.length} private subnets`, toInternet ? "no public IPs" : "no route to the internet"];
      add(3, `pods [label=${box("EKS pods", where, model.workloadGroups, model)}];`);
    }
    add(2, "}");
  }
  if (model.interfaceEndpoints.length || model.gatewayEndpoints.length) {
    const endpointsLabel = `<<TABLE BORDER="0" CELLPADDING="2"><TR><TD ALIGN="LEFT">${bold("VPC endpoints")}</TD></TR><TR><TD ALIGN="LEFT">${small("to AWS services over the AWS network")}</TD></TR></TABLE>>`;
    add(
      2,
      "subgraph cluster_endpoints {",
      `  label=${endpointsLabel}; labelloc=t; labeljust=l; style="rounded,filled"; fillcolor="#fdf7e6"; color="#b58900"; margin=12;`,
    );
    if (model.interfaceEndpoints.length) {
      const services = model.interfaceEndpoints.map((e) => `${e.service}  ${e.label}`);
      const dns = model.interfaceEndpoints.every((e) => e.privateDns) ? "private DNS, " : "";
      add(
        3,
        `interface_endpoints [label=${box("Interface endpoints", [`${dns}one ENI per private subnet`, ...services], [...new Set(endpointGroups)], model)}];`,
      );
    }
    for (const e of model.gatewayEndpoints) {
      add(
        3,
        `${id(e.address)} [label=${box(`Gateway endpoint: ${e.service}`, [e.label, `route in ${e.routeTables.map((t) => model.routeTables.find((r) => r.address === t)?.name ?? t).join(", ")}`], [], model)}];`,
      );
    }
    add(2, "}");
  }
  add(1, "}");

  // Only the paths traffic takes; their rules are in the table.
  for (const lb of model.loadBalancers) {
    for (const igw of model.internetGateways) add(1, `${id(igw.address)} -> ${id(lb.address)};`);
    add(1, `${id(lb.address)} -> pods [label="${escapeHtml(lb.targetGroup?.traffic ?? "")}"];`);
  }
  if (model.interfaceEndpoints.length) {
    const traffic = rulesFrom(endpointGroups, (r) => r.direction === "ingress" && peerIn(model.workloadGroups)(r));
    add(1, `pods -> interface_endpoints [label="${escapeHtml(trafficSummary(traffic))}"];`);
  }
  for (const e of model.gatewayEndpoints) {
    const traffic = rulesFrom(
      model.workloadGroups,
      (r) => r.direction === "egress" && r.peer.kind === "prefix-list" && r.peer.prefixList.includes(e.address),
    );
    add(1, `pods -> ${id(e.address)} [label="${escapeHtml(trafficSummary(traffic))}"];`);
  }
  // Egress through a NAT gateway runs right to left; written forwards with dir=back, it keeps the
  // NAT gateway in the public column instead of pushing it past the pods.
  const egress = `color="#c0703a", fontcolor="#c0703a", dir=back`;
  const toAnywhere = rulesFrom(model.workloadGroups, (r) => r.direction === "egress" && r.peer.kind === "cidr" && isAnywhere(r.peer.cidr));
  for (const nat of model.natGateways) {
    add(
      1,
      `${id(nat.address)} -> pods [label="${escapeHtml(["0.0.0.0/0", trafficSummary(toAnywhere)].filter(Boolean).join(": "))}", ${egress}];`,
    );
    for (const igw of model.internetGateways) add(1, `${id(igw.address)} -> ${id(nat.address)} [${egress}];`);
  }

  add(1, `label=<${rulesTable(model)}>;`);
  add(0, "}", "");
  return out.join("\n");
}
