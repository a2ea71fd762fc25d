/**
 * The architecture diagram, generated from synthesized stacks so it cannot drift from the code:
 * VPC, zones, subnets, route tables, endpoints, security groups and every rule as a labelled flow,
 * and the demo ALB when its stack is given. Returns Graphviz DOT; `renderSvg` lays it out.
 */
type Resource = Record<string, any>;
type Resources = Record<string, Record<string, Resource>>;

const node = (type: string, name: string) => `${type}__${name}`;
const quote = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

/** `${aws_subnet.x.id}` → the diagram node of aws_subnet.x; anything else → undefined. */
function target(ref: unknown): string | undefined {
  const m = typeof ref === "string" ? /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z_]+\}$/.exec(ref) : null;
  return m ? node(m[1], m[2]) : undefined;
}

// Sorted, so the same stacks give the same picture whatever the key order of their JSON.
const entries = (resources: Resources, type: string) => Object.entries(resources[type] ?? {}).sort(([a], [b]) => a.localeCompare(b));

export function architectureDot(networkJson: string, demoAlbJson?: string): string {
  const net: Resources = JSON.parse(networkJson).resource;
  const demo: Resources | undefined = demoAlbJson ? JSON.parse(demoAlbJson).resource : undefined;
  const lines: string[] = [
    "digraph architecture {",
    '  graph [rankdir=LR, fontname="Helvetica", fontsize=11, compound=true, newrank=true];',
    '  node [fontname="Helvetica", fontsize=10, shape=box, style="rounded,filled", fillcolor="#ffffff"];',
    '  edge [fontname="Helvetica", fontsize=9];',
    '  internet [label="Internet", shape=ellipse, fillcolor="#eeeeee"];',
  ];
  const [, vpc] = entries(net, "aws_vpc")[0];
  for (const [name, igw] of entries(net, "aws_internet_gateway")) {
    lines.push(`  ${node("aws_internet_gateway", name)} [label=${quote(`${igw.tags.Name}\ninternet gateway`)}, fillcolor="#fde9d9"];`);
    lines.push(`  internet -> ${node("aws_internet_gateway", name)} [dir=both];`);
    lines.push(`  { rank=min; internet; ${node("aws_internet_gateway", name)}; }`);
  }
  lines.push(`  subgraph cluster_vpc {`, `    label=${quote(`VPC ${vpc.tags.Name} ${vpc.cidr_block}`)}; style=rounded; color="#1f77b4";`);

  const zones = [...new Set(entries(net, "aws_subnet").map(([, s]) => s.availability_zone as string))];
  zones.forEach((az, i) => {
    lines.push(`    subgraph cluster_az_${i} {`, `      label=${quote(az)}; style=dashed; color="#999999";`);
    for (const [name, subnet] of entries(net, "aws_subnet").filter(([, s]) => s.availability_zone === az)) {
      const kind = subnet.map_public_ip_on_launch ? "public" : "private";
      lines.push(`      ${node("aws_subnet", name)} [label=${quote(`${subnet.tags.Name}\n${subnet.cidr_block} (${kind})`)}, fillcolor=${kind === "public" ? '"#e8f4e8"' : '"#e8eef8"'}];`);
    }
    lines.push("    }");
  });

  for (const [name, table] of entries(net, "aws_route_table")) {
    const routes = entries(net, "aws_route").filter(([, r]) => target(r.route_table_id) === node("aws_route_table", name));
    const routeText = ["local", ...routes.map(([, r]) => `${r.destination_cidr_block} → IGW`)].join("\n");
    lines.push(`    ${node("aws_route_table", name)} [label=${quote(`${table.tags.Name}\n${routeText}`)}, shape=note];`);
    for (const [, r] of routes) lines.push(`    ${node("aws_route_table", name)} -> ${target(r.gateway_id)} [style=dotted];`);
  }
  for (const [, assoc] of entries(net, "aws_route_table_association")) {
    lines.push(`    ${target(assoc.subnet_id)} -> ${target(assoc.route_table_id)} [style=dotted, arrowhead=none];`);
  }
  lines.push(`    subgraph cluster_endpoints {`, `      label="VPC endpoints"; style=dashed; color="#999999";`);
  for (const [name, e] of entries(net, "aws_vpc_endpoint")) {
    const service = (e.service_name as string).split(".").slice(3).join(".");
    lines.push(`    ${node("aws_vpc_endpoint", name)} [label=${quote(`${e.tags.Name}\n${service} (${e.vpc_endpoint_type.toLowerCase()})`)}, shape=component, fillcolor="#fff5d6"];`);
  }
  lines.push("    }");
  for (const [name, e] of entries(net, "aws_vpc_endpoint")) {
    for (const ref of [...(e.route_table_ids ?? []), ...(e.subnet_ids ?? [])]) {
      lines.push(`    ${target(ref)} -> ${node("aws_vpc_endpoint", name)} [style=dotted, arrowhead=none];`);
    }
  }
  lines.push(`    subgraph cluster_security_groups {`, `      label="security groups: every rule as a flow (in/out, port)"; style=dashed; color="#8e44ad";`);
  for (const [name, group] of entries(net, "aws_security_group")) {
    lines.push(`      ${node("aws_security_group", name)} [label=${quote(`${group.name}`)}, shape=hexagon, fillcolor="#f3e8f8"];`);
  }
  lines.push("    }", "  }");

  // Every rule, as the flow it allows: from the source to the destination, labelled in/out and port.
  const peers = new Map<string, string>();
  for (const direction of ["ingress", "egress"] as const) {
    for (const [name, rule] of entries(net, `aws_vpc_security_group_${direction}_rule`)) {
      const group = target(rule.security_group_id)!;
      let peer = target(rule.referenced_security_group_id) ?? (rule.prefix_list_id ? "s3_prefix_list" : undefined);
      if (!peer) {
        const cidr = rule.cidr_ipv4 ?? rule.referenced_security_group_id;
        peer = cidr === "0.0.0.0/0" ? "internet" : `peer_${cidr.replace(/[^A-Za-z0-9]/g, "_")}`;
        if (peer !== "internet") peers.set(peer, cidr);
      }
      if (peer === "s3_prefix_list") peers.set(peer, "S3 prefix list\n(gateway endpoint)");
      const port = rule.ip_protocol === "-1" ? "all" : `${rule.from_port}`;
      const [from, to] = direction === "ingress" ? [peer, group] : [group, peer];
      lines.push(`  ${from} -> ${to} [id=${quote(name)}, xlabel=${quote(`${direction === "ingress" ? "in" : "out"} ${port}`)}, color="#8e44ad", fontcolor="#8e44ad"];`);
    }
  }
  for (const [id, label] of peers) lines.push(`  ${id} [label=${quote(label)}, shape=ellipse, fillcolor="#eeeeee"];`);

  if (demo) {
    const publicSubnets = entries(net, "aws_subnet").filter(([, s]) => s.map_public_ip_on_launch).map(([n]) => node("aws_subnet", n));
    for (const [name, lb] of entries(demo, "aws_lb")) {
      const listeners = entries(demo, "aws_lb_listener").map(([, l]) => `${l.protocol}:${l.port}${l.default_action[0].type === "redirect" ? " → HTTPS" : ""}`);
      lines.push(`  ${node("aws_lb", name)} [label=${quote(`${lb.name}\nALB (demo-alb stack)\n${listeners.join(", ")}`)}, fillcolor="#fde9d9"];`);
      lines.push(`  internet -> ${node("aws_lb", name)};`);
      for (const subnet of publicSubnets) lines.push(`  ${node("aws_lb", name)} -> ${subnet} [style=dashed, arrowhead=none];`);
      for (const [tgName, tg] of entries(demo, "aws_lb_target_group")) {
        lines.push(`  ${node("aws_lb_target_group", tgName)} [label=${quote(`${tg.name}\ntarget group ${tg.protocol}:${tg.port}, ${tg.health_check.path}`)}];`);
        lines.push(`  ${node("aws_lb", name)} -> ${node("aws_lb_target_group", tgName)};`);
      }
    }
  }
  lines.push("}", "");
  return lines.join("\n");
}

/** Lays the diagram out with Graphviz compiled to WebAssembly (no system binary needed). */
export async function renderSvg(dot: string): Promise<string> {
  const { instance } = await import("@viz-js/viz");
  return (await instance()).renderString(dot, { format: "svg" });
}
