import { ALL_TRAFFIC, connection, layeredRules, RuleSpec, tcp } from "../src/network/security-group-rules";

const INPUT = { vpcCidr: "10.0.0.0/16", s3PrefixListId: "pl-0s" };

describe("connection: both sides of traffic between two of our groups", () => {
  test("the source's egress and the destination's ingress, with the same ports, named after the groups", () => {
    expect(connection("eksNodes", "vpcEndpoints", tcp(443), { egress: "out", ingress: "in" })).toEqual([
      {
        id: "eks_nodes_out_https_to_endpoints",
        group: "eksNodes",
        direction: "egress",
        ports: { protocol: "tcp", fromPort: 443, toPort: 443 },
        peer: { group: "vpcEndpoints" },
        description: "out",
      },
      {
        id: "vpc_endpoints_in_https_from_nodes",
        group: "vpcEndpoints",
        direction: "ingress",
        ports: { protocol: "tcp", fromPort: 443, toPort: 443 },
        peer: { group: "eksNodes" },
        description: "in",
      },
    ]);
  });

  test("within one group the peer is self; a range and all traffic are named by their ports", () => {
    const ids = (rules: RuleSpec[]) => rules.map((r) => r.id);
    expect(ids(connection("eksNodes", "eksNodes", ALL_TRAFFIC, "d"))).toEqual(["eks_nodes_out_all_to_self", "eks_nodes_in_all_from_self"]);
    expect(ids(connection("eksControlPlane", "eksNodes", tcp(1025, 65535), "d"))).toEqual([
      "eks_control_plane_out_tcp_1025_65535_to_nodes",
      "eks_nodes_in_tcp_1025_65535_from_control_plane",
    ]);
  });

  test.each([
    [70000, 70000],
    [443, 80],
    [80.5, 80.5],
  ])("tcp(%p, %p) is refused before any rule is made", (from, to) => {
    expect(() => tcp(from, to)).toThrow(`TCP ${from}-${to}: give whole ports 0-65535, the first not above the last`);
  });
});

describe("the layered rules", () => {
  test("every rule between two of our groups has its other side, on the same ports", () => {
    const rules = layeredRules({ ...INPUT, internetEgress: true, endpointsPeerSecurityGroupId: "sg-0ff", apiTargetPort: 8080 });
    const between = rules.filter((r) => "group" in r.peer);
    const otherSide = (r: RuleSpec) =>
      between.find(
        (o) =>
          o.direction !== r.direction &&
          o.group === (r.peer as { group: string }).group &&
          (o.peer as { group: string }).group === r.group &&
          JSON.stringify(o.ports) === JSON.stringify(r.ports),
      );
    expect(between.filter((r) => !otherSide(r)).map((r) => r.id)).toEqual([]);
    expect(between.length).toBeGreaterThan(0);
  });

  test("the ALB's rules keep the names they were deployed under, for the API port too", () => {
    const ids = layeredRules({ ...INPUT, apiTargetPort: 8080 })
      .filter((r) => r.group === "alb" || ("group" in r.peer && r.peer.group === "alb"))
      .map((r) => r.id);
    // Renaming a deployed rule replaces it: these stay, whatever rules are added beside them.
    expect(ids).toEqual(
      expect.arrayContaining([
        "alb_in_http_from_internet",
        "alb_in_https_from_internet",
        "alb_out_http_to_eks_nodes",
        "eks_nodes_in_http_from_alb",
        "alb_out_https_to_eks_nodes",
        "eks_nodes_in_https_from_alb",
        "alb_out_api_8080_to_eks_nodes",
        "eks_nodes_in_api_8080_from_alb",
      ]),
    );
  });
});
