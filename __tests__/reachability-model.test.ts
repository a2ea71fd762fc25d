// The reachability model on small hand-made stacks: every form of security group rule and route.
import { readNetwork } from "../src/reachability/network-model";
import { headline, reach } from "../src/reachability/reach";
import { ipv4RulesToPeers } from "../src/reachability/security-group-rules";
import { Destination, Place, Stage } from "../src/reachability/types";
import { reference as ref, Resources, StackJson } from "../src/synthesized/stack-json";

const sg = (name: string) => ref(`aws_security_group.${name}`);

/** A VPC with one public and one private subnet in one zone, four empty groups and the outputs the model reads. */
function tinyNetwork(extra: Resources = {}): StackJson {
  const resource: Resources = {
    aws_vpc: { vpc: { cidr_block: "10.0.0.0/16", enable_dns_support: true, enable_dns_hostnames: true } },
    aws_subnet: {
      pub_a: { cidr_block: "10.0.1.0/24", availability_zone: "az-a", map_public_ip_on_launch: true },
      priv_a: { cidr_block: "10.0.101.0/24", availability_zone: "az-a", map_public_ip_on_launch: false },
    },
    aws_internet_gateway: { igw: {} },
    // Inline route block: the public table's way out.
    aws_route_table: { pub: { route: [{ cidr_block: "0.0.0.0/0", gateway_id: ref("aws_internet_gateway.igw") }] }, priv: {} },
    aws_route_table_association: {
      pub_a: { subnet_id: ref("aws_subnet.pub_a"), route_table_id: ref("aws_route_table.pub") },
      priv_a: { subnet_id: ref("aws_subnet.priv_a"), route_table_id: ref("aws_route_table.priv") },
    },
    aws_security_group: { alb: {}, nodes: {}, cp: {}, endpoints: {} },
  };
  for (const [type, byName] of Object.entries(extra)) resource[type] = { ...resource[type], ...byName };
  return {
    resource,
    output: {
      alb_security_group_id: { value: sg("alb") },
      eks_nodes_security_group_id: { value: sg("nodes") },
      eks_control_plane_security_group_id: { value: sg("cp") },
      public_alb_subnet_ids: { value: [ref("aws_subnet.pub_a")] },
      private_workload_subnet_ids: { value: [ref("aws_subnet.priv_a")] },
    },
  };
}

const check = (stack: StackJson, from: Place, to: Destination) => reach(readNetwork(stack), from, to);
const failedStages = (v: ReturnType<typeof check>): Stage[] => v.steps.filter((s) => !s.ok).map((s) => s.stage);

/** ALB → nodes needs an egress rule on the ALB group and an ingress rule on the nodes group. */
const albOutAllToNodes: Resources = {
  aws_vpc_security_group_egress_rule: {
    alb_out: { security_group_id: sg("alb"), ip_protocol: "-1", referenced_security_group_id: sg("nodes") },
  },
};

describe("aws_vpc_security_group_*_rule", () => {
  const stack = tinyNetwork({
    ...albOutAllToNodes,
    aws_vpc_security_group_ingress_rule: {
      nodes_in: {
        security_group_id: sg("nodes"),
        ip_protocol: "tcp",
        from_port: 8000,
        to_port: 8100,
        referenced_security_group_id: sg("alb"),
      },
    },
  });

  test("a TCP range from a referenced group lets its ports in, and only those", () => {
    expect(check(stack, "alb", { place: "node", port: 8080 }).reachable).toBe(true);
    const outside = check(stack, "alb", { place: "node", port: 9000 });
    expect(failedStages(outside)).toEqual(["sg-ingress"]);
    expect(headline(outside)).toMatch(
      /no ingress rule of aws_security_group\.nodes allows TCP 9000 from alb .* it allows only TCP 8000–8100/,
    );
  });

  test("ip_protocol -1 allows all traffic; a TCP range does not", () => {
    const egress = check(stack, "alb", { place: "node", port: "all" }).steps.find((s) => s.stage === "sg-egress")!;
    expect(egress).toMatchObject({
      ok: true,
      reason: expect.stringContaining("aws_vpc_security_group_egress_rule.alb_out lets all traffic out"),
    });
    expect(failedStages(check(stack, "alb", { place: "node", port: "all" }))).toEqual(["sg-ingress"]);
  });

  test("cidr_ipv4 must contain the whole source subnet", () => {
    const rule = (cidr: string) =>
      tinyNetwork({
        ...albOutAllToNodes,
        aws_vpc_security_group_ingress_rule: {
          nodes_in: { security_group_id: sg("nodes"), ip_protocol: "tcp", from_port: 80, to_port: 80, cidr_ipv4: cidr },
        },
      });
    expect(check(rule("10.0.0.0/16"), "alb", { place: "node", port: 80 }).reachable).toBe(true);
    expect(check(rule("10.0.1.0/25"), "alb", { place: "node", port: 80 }).reachable).toBe(false);
  });

  test("nothing at all: the ALB group's missing egress is named", () => {
    const v = check(tinyNetwork(), "alb", { place: "node", port: 80 });
    expect(failedStages(v)).toEqual(["sg-egress", "sg-ingress"]);
    expect(headline(v)).toBe("no egress rule of aws_security_group.alb allows TCP 80 to node (aws_security_group.nodes)");
  });
});

describe("legacy aws_security_group_rule", () => {
  const legacy = (rules: Record<string, object>) => tinyNetwork({ aws_security_group_rule: rules });

  test("type, protocol, port range, source_security_group_id and cidr_blocks", () => {
    const stack = legacy({
      alb_out: {
        type: "egress",
        security_group_id: sg("alb"),
        protocol: "tcp",
        from_port: 0,
        to_port: 65535,
        cidr_blocks: ["10.0.101.0/24"],
      },
      nodes_in: {
        type: "ingress",
        security_group_id: sg("nodes"),
        protocol: "6",
        from_port: 8080,
        to_port: 8080,
        source_security_group_id: sg("alb"),
      },
    });
    expect(check(stack, "alb", { place: "node", port: 8080 }).reachable).toBe(true);
    expect(headline(check(stack, "alb", { place: "node", port: 8081 }))).toMatch(/aws_security_group\.nodes .* only TCP 8080/);
  });

  test("self lets the group talk to itself; protocol -1 is all traffic", () => {
    const stack = legacy({
      self_out: { type: "egress", security_group_id: sg("nodes"), protocol: "-1", from_port: 0, to_port: 0, self: true },
      self_in: { type: "ingress", security_group_id: sg("nodes"), protocol: "-1", from_port: 0, to_port: 0, self: true },
    });
    expect(check(stack, "node", { place: "node", port: "all" }).reachable).toBe(true);
    expect(check(stack, "control-plane", { place: "node", port: 10250 }).reachable).toBe(false);
  });

  test("prefix_list_ids reaches the S3 gateway", () => {
    const stack = tinyNetwork({
      aws_vpc_endpoint: {
        s3: { service_name: "com.amazonaws.r.s3", vpc_endpoint_type: "Gateway", route_table_ids: [ref("aws_route_table.priv")] },
      },
      aws_security_group_rule: {
        s3_out: {
          type: "egress",
          security_group_id: sg("nodes"),
          protocol: "tcp",
          from_port: 443,
          to_port: 443,
          prefix_list_ids: [ref("aws_vpc_endpoint.s3", "prefix_list_id")],
        },
      },
    });
    expect(check(stack, "node", { service: "s3" }).reachable).toBe(true);
  });
});

describe("inline ingress / egress blocks of aws_security_group", () => {
  const stack = tinyNetwork({
    aws_security_group: {
      cp: { egress: [{ protocol: "-1", from_port: 0, to_port: 0, security_groups: [sg("nodes")] }] },
      nodes: { ingress: [{ protocol: "tcp", from_port: 10250, to_port: 10250, security_groups: [sg("cp")] }] },
    },
  });

  test("are read like separate rules, with their position as origin", () => {
    const rules = ipv4RulesToPeers(stack);
    expect(rules.map((r) => [r.origin, r.direction, r.protocol, r.ports?.from, r.ports?.to])).toEqual([
      ["aws_security_group.cp egress[0]", "egress", "all", 0, 65535],
      ["aws_security_group.nodes ingress[0]", "ingress", "tcp", 10250, 10250],
    ]);
    expect(check(stack, "control-plane", { place: "node", port: 10250 }).reachable).toBe(true);
    expect(check(stack, "control-plane", { place: "node", port: 443 }).reachable).toBe(false);
  });
});

describe("routes", () => {
  const nodesOutToInternet: Resources = {
    aws_vpc_security_group_egress_rule: {
      nodes_out: { security_group_id: sg("nodes"), ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "0.0.0.0/0" },
    },
  };
  const natMode = (nat: object): Resources => ({
    ...nodesOutToInternet,
    aws_eip: { nat: { domain: "vpc" } },
    aws_nat_gateway: { nat: { allocation_id: ref("aws_eip.nat"), ...nat } },
    aws_route: {
      priv_default: {
        route_table_id: ref("aws_route_table.priv"),
        destination_cidr_block: "0.0.0.0/0",
        nat_gateway_id: ref("aws_nat_gateway.nat"),
      },
    },
  });

  test("without NAT the private subnet has no way out, whatever the groups allow", () => {
    const v = check(tinyNetwork(nodesOutToInternet), "node", { place: "internet", port: 443 });
    expect(failedStages(v)).toEqual(["route"]);
    expect(headline(v)).toMatch(/aws_subnet\.priv_a use aws_route_table\.priv, which has no route 0\.0\.0\.0\/0/);
  });

  test("NAT egress mode: a NAT gateway with an elastic IP in a public subnet carries private traffic out", () => {
    const v = check(tinyNetwork(natMode({ subnet_id: ref("aws_subnet.pub_a") })), "node", { place: "internet", port: 443 });
    expect(v.reachable).toBe(true);
    expect(v.steps[0].reason).toMatch(/aws_nat_gateway\.nat sits in public subnet aws_subnet\.pub_a, routed to aws_internet_gateway\.igw/);
    // The same NAT but in the private subnet (no IGW route there) goes nowhere.
    expect(
      headline(check(tinyNetwork(natMode({ subnet_id: ref("aws_subnet.priv_a") })), "node", { place: "internet", port: 443 })),
    ).toMatch(/aws_nat_gateway\.nat is not in a subnet routed to an internet gateway/);
  });

  test("through a NAT, a service without an endpoint is reached on its public name", () => {
    const v = check(tinyNetwork(natMode({ subnet_id: ref("aws_subnet.pub_a") })), "node", { service: "sts" });
    expect(v.reachable).toBe(true);
    expect(v.steps[0].reason).toBe("no VPC endpoint for sts: reached through NAT gateway aws_nat_gateway.nat instead");
    expect(v.via).toBe("through NAT gateway aws_nat_gateway.nat (no VPC endpoint for sts)");
  });

  test("the internet reaches the public subnet through the IGW (inline route), never the private one", () => {
    const open = tinyNetwork({
      aws_vpc_security_group_ingress_rule: {
        alb_in: { security_group_id: sg("alb"), ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "0.0.0.0/0" },
        nodes_in: { security_group_id: sg("nodes"), ip_protocol: "-1", cidr_ipv4: "0.0.0.0/0" },
      },
    });
    expect(check(open, "internet", { place: "alb", port: 443 }).steps[0].reason).toMatch(
      /route 0\.0\.0\.0\/0 to aws_internet_gateway\.igw \(aws_route_table\.pub route\[0\]\)/,
    );
    expect(check(open, "internet", { place: "alb", port: 443 }).reachable).toBe(true);
    expect(failedStages(check(open, "internet", { place: "node", port: 443 }))).toEqual(["route", "public-ip"]);
  });

  test("an IGW route alone does not expose a subnet without public IPs", () => {
    const routed = tinyNetwork({
      aws_route: {
        priv_igw: {
          route_table_id: ref("aws_route_table.priv"),
          destination_cidr_block: "0.0.0.0/0",
          gateway_id: ref("aws_internet_gateway.igw"),
        },
      },
      aws_vpc_security_group_ingress_rule: { nodes_in: { security_group_id: sg("nodes"), ip_protocol: "-1", cidr_ipv4: "0.0.0.0/0" } },
    });
    const v = check(routed, "internet", { place: "node", port: 443 });
    expect(failedStages(v)).toEqual(["public-ip"]);
    expect(headline(v)).toBe("node has no public IPv4 address: the internet cannot address it");
  });
});

describe("endpoints", () => {
  const nodesToEndpoints: Resources = {
    aws_vpc_security_group_egress_rule: {
      nodes_out: {
        security_group_id: sg("nodes"),
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
        referenced_security_group_id: sg("endpoints"),
      },
    },
    aws_vpc_security_group_ingress_rule: {
      ep_in: {
        security_group_id: sg("endpoints"),
        ip_protocol: "tcp",
        from_port: 443,
        to_port: 443,
        referenced_security_group_id: sg("nodes"),
      },
    },
  };
  const endpoint = (body: object, extra: Resources = {}) =>
    tinyNetwork({
      ...nodesToEndpoints,
      ...extra,
      aws_vpc_endpoint: {
        ec2: {
          service_name: "com.amazonaws.r.ec2",
          vpc_endpoint_type: "Interface",
          private_dns_enabled: true,
          subnet_ids: [ref("aws_subnet.priv_a")],
          security_group_ids: [sg("endpoints")],
          ...body,
        },
      },
    });

  test("an interface endpoint with private DNS in the subnet, open on 443 both ways", () => {
    const v = check(endpoint({}), "node", { service: "ec2" });
    expect(v.reachable).toBe(true);
    expect(v.notes.join(" ")).toMatch(/Amazon DNS resolver .* not filter/);
  });

  test("private DNS off, or no ENI in the zone, blocks it", () => {
    expect(headline(check(endpoint({ private_dns_enabled: false }), "node", { service: "ec2" }))).toMatch(/private_dns_enabled off/);
    const elsewhere = endpoint(
      { subnet_ids: [ref("aws_subnet.priv_b")] },
      { aws_subnet: { priv_b: { cidr_block: "10.0.102.0/24", availability_zone: "az-b" } } },
    );
    expect(headline(check(elsewhere, "node", { service: "ec2" }))).toMatch(
      /aws_subnet\.priv_a have no ENI of aws_vpc_endpoint\.ec2, not even elsewhere in zone az-a/,
    );
  });

  test("a gateway endpoint needs the subnet's route table and egress to its prefix list", () => {
    const gateway = (routeTables: string[], egress: Resources) =>
      tinyNetwork({
        ...egress,
        aws_vpc_endpoint: { s3: { service_name: "com.amazonaws.r.s3", vpc_endpoint_type: "Gateway", route_table_ids: routeTables } },
      });
    const toPrefixList: Resources = {
      aws_vpc_security_group_egress_rule: {
        s3_out: {
          security_group_id: sg("nodes"),
          ip_protocol: "tcp",
          from_port: 443,
          to_port: 443,
          prefix_list_id: ref("aws_vpc_endpoint.s3", "prefix_list_id"),
        },
      },
    };
    expect(check(gateway([ref("aws_route_table.priv")], toPrefixList), "node", { service: "s3" }).reachable).toBe(true);
    const unrouted = check(gateway([ref("aws_route_table.pub")], toPrefixList), "node", { service: "s3" });
    expect(failedStages(unrouted)).toEqual(["route"]);
    expect(headline(unrouted)).toMatch(/aws_route_table\.priv, which is not in aws_vpc_endpoint\.s3\.route_table_ids/);
    const noEgress = check(gateway([ref("aws_route_table.priv")], {}), "node", { service: "s3" });
    expect(headline(noEgress)).toMatch(/no egress rule of aws_security_group\.nodes allows TCP 443 to the s3 prefix list/);
  });
});
