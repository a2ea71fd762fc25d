import * as path from "path";
import { synthEnvironment } from "../src/app";
import { loadProjectConfigFile } from "../src/config/load";
import { KEPT_OVERLAPS } from "../src/network/security-group-rules";
import { formatReachabilityReport } from "../src/reachability/format";
import { RedundantRule, redundantRules } from "../src/reachability/redundant-rules";
import { reachabilityReport } from "../src/reachability/report";
import { SecurityGroupRule, trafficCovers } from "../src/synthesized/security-group-rules";
import { ResourceBody, StackJson } from "../src/synthesized/stack-json";
import { environment, synthNetwork } from "./support/synth";

const NODES = "${aws_security_group.eks_nodes_sg.id}";
const prod = () => JSON.parse(synthNetwork()) as StackJson;

/** `stack` with `resources` (by type, then name) added. */
function withResources(stack: StackJson, resources: Record<string, Record<string, ResourceBody>>): StackJson {
  const resource = { ...stack.resource };
  for (const [type, byName] of Object.entries(resources)) resource[type] = { ...resource[type], ...byName };
  return { ...stack, resource };
}

/** Each finding as `covered <- covering: kept reason`, by address. */
const pairs = (found: readonly RedundantRule[]) => found.map((r) => [r.rule.address, r.coveredBy.address, r.kept ?? "no reason"]);

const ENDPOINTS_FROM_NODES = [
  "aws_vpc_security_group_ingress_rule.vpc_endpoints_in_https_from_nodes",
  "aws_vpc_security_group_ingress_rule.vpc_endpoints_in_https_from_vpc",
];

test("a 9443 ingress from the nodes' own group beside all traffic from it is reported with both rules, and no reason to keep it", () => {
  const stack = withResources(prod(), {
    aws_vpc_security_group_ingress_rule: {
      eks_nodes_in_webhook_from_self: {
        security_group_id: NODES,
        ip_protocol: "tcp",
        from_port: 9443,
        to_port: 9443,
        referenced_security_group_id: NODES,
      },
    },
  });
  const webhook = redundantRules(stack).filter((r) => r.rule.address.endsWith("webhook_from_self"));
  expect(pairs(webhook)).toEqual([
    [
      "aws_vpc_security_group_ingress_rule.eks_nodes_in_webhook_from_self",
      "aws_vpc_security_group_ingress_rule.eks_nodes_in_all_from_self",
      "no reason",
    ],
  ]);
  expect(webhook[0].because).toBe("the same peer");
  const text = formatReachabilityReport(reachabilityReport({ network: stack, features: [] }), { title: "t" });
  expect(text).toContain(
    [
      "  - aws_vpc_security_group_ingress_rule.eks_nodes_in_webhook_from_self (TCP 9443 from aws_security_group.eks_nodes_sg)",
      "      is covered by aws_vpc_security_group_ingress_rule.eks_nodes_in_all_from_self (all traffic from aws_security_group.eks_nodes_sg): the same peer",
      "      no reason is given to keep both: remove the narrower rule, or say why it stays in KEPT_OVERLAPS (src/network/security-group-rules.ts)",
    ].join("\n"),
  );
});

describe("the overlaps the design has, each with its reason", () => {
  test("default: the endpoints' 443 from the nodes' group lies inside their 443 from the VPC's CIDR", () => {
    const found = redundantRules(prod());
    expect(pairs(found)).toEqual([[...ENDPOINTS_FROM_NODES, expect.stringContaining("VPC CNI custom networking")]]);
    expect(found[0].because).toBe(
      "10.0.0.0/16 holds every address of aws_vpc.vpc (10.0.0.0/16), the VPC of aws_security_group.eks_nodes_sg",
    );
    const text = formatReachabilityReport(reachabilityReport({ network: prod(), features: [] }), { title: "t" });
    expect(text).toMatch(
      /Rules another rule covers \(they allow nothing more\):\n {2}- .*vpc_endpoints_in_https_from_nodes .*\n.*\n {6}kept: /,
    );
  });

  test("NAT egress: the nodes' 443 to anywhere covers their 443 to S3, the control plane and the endpoints", () => {
    const nat = synthNetwork(environment({ egress: "nat-gateway", extraInterfaceEndpoints: ["sqs"] }));
    const internet = "aws_vpc_security_group_egress_rule.eks_nodes_out_https_to_internet";
    const found = redundantRules(nat).filter((r) => r.coveredBy.address === internet);
    expect(found.map((r) => r.rule.address).sort()).toEqual([
      "aws_vpc_security_group_egress_rule.eks_nodes_out_https_to_control_plane",
      "aws_vpc_security_group_egress_rule.eks_nodes_out_https_to_endpoints",
      "aws_vpc_security_group_egress_rule.eks_nodes_out_https_to_s3",
    ]);
    expect(found.every((r) => r.kept?.startsWith("with egress nat-gateway"))).toBe(true);
  });

  test("every overlap of the checked-in environments has a reason, and every reason is for an overlap that exists", () => {
    const config = loadProjectConfigFile(path.join(__dirname, "..", "config", "environments.json"), {});
    const stacks = [
      ...config.environments.map((env) => synthEnvironment(env).network),
      synthNetwork(environment({ egress: "nat-gateway", extraInterfaceEndpoints: ["sqs"] })),
    ];
    const found = stacks.flatMap((s) => redundantRules(s));
    expect(found.filter((r) => !r.kept).map((r) => r.rule.origin)).toEqual([]);
    const name = (address: string) => address.split(".")[1];
    const seen = new Set(found.map((r) => `${name(r.rule.address)} ${name(r.coveredBy.address)}`));
    const stale = KEPT_OVERLAPS.filter((k) => !seen.has(`${k.rule} ${k.coveredBy}`));
    expect(stale).toEqual([]);
  });
});

describe("a peer includes another only when every address of it is inside", () => {
  test("a block the stack adds to the VPC outside the CIDR rule's: the group rule is no longer covered", () => {
    const stack = withResources(prod(), {
      aws_vpc_ipv4_cidr_block_association: { pods: { vpc_id: "${aws_vpc.vpc.id}", cidr_block: "100.64.0.0/16" } },
    });
    expect(redundantRules(stack)).toEqual([]);
  });

  test("a VPC with IPv6: its groups' members have addresses no IPv4 CIDR holds", () => {
    const stack = prod();
    const vpc = { ...stack.resource!.aws_vpc.vpc, assign_generated_ipv6_cidr_block: true };
    expect(redundantRules(withResources(stack, { aws_vpc: { vpc } }))).toEqual([]);
  });

  test("a group of another VPC is not inside this VPC's CIDR", () => {
    const found = redundantRules(synthNetwork(environment({ endpointsPeerSecurityGroupId: "sg-0123456789abcdef0" })));
    expect(pairs(found).map(([covered, covering]) => [covered, covering])).toEqual([ENDPOINTS_FROM_NODES]);
  });

  test("two identical rules are one finding: the later is the repeat", () => {
    const stack = withResources(prod(), {
      aws_vpc_security_group_egress_rule: {
        zz_nodes_to_self_again: { security_group_id: NODES, ip_protocol: "-1", referenced_security_group_id: NODES },
      },
    });
    expect(pairs(redundantRules(stack)).filter(([covered]) => covered.includes("self"))).toEqual([
      [
        "aws_vpc_security_group_egress_rule.zz_nodes_to_self_again",
        "aws_vpc_security_group_egress_rule.eks_nodes_out_all_to_self",
        "no reason",
      ],
    ]);
  });
});

test.each<[string, Partial<SecurityGroupRule>, Partial<SecurityGroupRule>, boolean]>([
  ["all traffic covers TCP", { protocol: "all" }, { protocol: "tcp", ports: { from: 443, to: 443 } }, true],
  [
    "TCP 0-65535 covers TCP 443",
    { protocol: "tcp", ports: { from: 0, to: 65535 } },
    { protocol: "tcp", ports: { from: 443, to: 443 } },
    true,
  ],
  [
    "TCP 443 does not cover TCP 443-444",
    { protocol: "tcp", ports: { from: 443, to: 443 } },
    { protocol: "tcp", ports: { from: 443, to: 444 } },
    false,
  ],
  ["TCP does not cover UDP", { protocol: "tcp", ports: { from: 0, to: 65535 } }, { protocol: "udp", ports: { from: 53, to: 53 } }, false],
  ["TCP does not cover all traffic", { protocol: "tcp", ports: { from: 0, to: 65535 } }, { protocol: "all" }, false],
  ["ICMP of any type covers echo", { protocol: "icmp", fromPort: -1, toPort: -1 }, { protocol: "icmp", fromPort: 8, toPort: 0 }, true],
  [
    "ICMP echo does not cover every type",
    { protocol: "icmp", fromPort: 8, toPort: 0 },
    { protocol: "icmp", fromPort: -1, toPort: -1 },
    false,
  ],
])("traffic: %s", (_, outer, inner, expected) => {
  expect(trafficCovers(outer as SecurityGroupRule, inner as SecurityGroupRule)).toBe(expected);
});
