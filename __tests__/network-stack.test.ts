// The snapshot pins the shape of the default network: every resource, attribute and output. The
// tests below assert what that shape means, each meaning once, read through the one model of the
// synthesized network (src/synthesized) and with what they expect taken from the configuration, so
// adding an endpoint, a rule or a zone fails the snapshot and not them.
import { EcrPullThroughCacheRule } from "@cdktf/provider-aws/lib/ecr-pull-through-cache-rule";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import * as fs from "fs";
import * as path from "path";
import { NETWORK_OUTPUTS, NetworkOutputName } from "../src/stacks/network-outputs";
import { vpcEndpoints } from "../src/synthesized/endpoints";
import { flowLogs } from "../src/synthesized/flow-logs";
import { elasticIps, natGateways } from "../src/synthesized/nat-gateways";
import { defaultRoute, routes, subnetRouting, SubnetTier } from "../src/synthesized/routes";
import { groupKey, isAnywhere, securityGroupRules, trafficOf } from "../src/synthesized/security-group-rules";
import { securityGroups } from "../src/synthesized/security-groups";
import { networkOutputValue, parseReference, parseStack, reference, resourceAt, resourcesOf } from "../src/synthesized/stack-json";
import { vpcOf } from "../src/synthesized/vpc";
import { environment, resources, synthNetwork } from "./support/synth";

const ROOT = path.join(__dirname, "..");
const env = environment();
const json = synthNetwork(env);
const stack = parseStack(json);
const output = (name: NetworkOutputName) => networkOutputValue(stack, name);
const subnets = subnetRouting(stack);
const tier = (t: SubnetTier) => subnets.filter((s) => s.tier === t);
const tablesOf = (t: SubnetTier) => [...new Set(tier(t).map((s) => s.routeTable))];

test("snapshot of the network stack", () => {
  expect(json).toMatchSnapshot();
});

describe("the VPC, its subnets and their routes", () => {
  test("DNS support and hostnames on (the interface endpoints' private DNS needs both); no IPv6, so no path around the IPv4 rules", () => {
    expect(vpcOf(stack)).toMatchObject({ dnsSupport: true, dnsHostnames: true });
    const [vpc] = Object.values(resources(json, "aws_vpc"));
    expect(vpc.assign_generated_ipv6_cidr_block).toBeUndefined();
    expect(vpc.ipv6_cidr_block).toBeUndefined();
  });

  test("a public and a private subnet in each zone of the configuration", () => {
    const zones = [...env.availabilityZones].sort();
    expect(
      tier("public")
        .map((s) => s.zone)
        .sort(),
    ).toEqual(zones);
    expect(
      tier("private")
        .map((s) => s.zone)
        .sort(),
    ).toEqual(zones);
  });

  test("the public subnets route 0.0.0.0/0 to the internet gateway; the private ones have no default route, and there is no NAT", () => {
    const all = routes(stack);
    expect(tier("public").map((s) => defaultRoute(all, s.routeTable)?.target.kind)).toEqual(tier("public").map(() => "internet-gateway"));
    expect(tier("private").flatMap((s) => defaultRoute(all, s.routeTable) ?? [])).toEqual([]);
    expect(natGateways(stack)).toEqual([]);
    expect(elasticIps(stack)).toEqual([]);
  });

  test("the S3 gateway endpoint is on the private subnets' route table, not the public one", () => {
    const gateways = vpcEndpoints(stack).filter((e) => e.type === "Gateway");
    expect(gateways.map((e) => [e.service, e.routeTables])).toEqual([["s3", tablesOf("private")]]);
    expect(tablesOf("private").filter((t) => tablesOf("public").includes(t))).toEqual([]);
  });

  test("every interface endpoint: one ENI in each zone (its private subnet), the endpoints' security group, private DNS on", () => {
    const interfaces = vpcEndpoints(stack).filter((e) => e.type === "Interface");
    expect(interfaces.length).toBeGreaterThan(0);
    const wanted = {
      subnets: tier("private")
        .map((s) => s.address)
        .sort(),
      groups: [groupKey(output("vpc_endpoints_security_group_id"))],
      privateDns: true,
    };
    for (const e of interfaces) {
      expect({ service: e.service, subnets: [...e.subnets].sort(), groups: e.groups, privateDns: e.privateDns }).toEqual({
        service: e.service,
        ...wanted,
      });
    }
  });
});

describe("security groups", () => {
  const rules = securityGroupRules(stack);

  test("only the ALB is open to the internet, and only inbound on HTTP and HTTPS", () => {
    const open = rules.filter((r) => r.peers.some((p) => p.kind === "cidr" && isAnywhere(p.cidr)));
    const alb = groupKey(output("alb_security_group_id"));
    expect(open.map((r) => [r.group, r.direction, trafficOf(r)]).sort()).toEqual([
      [alb, "ingress", "TCP 443"],
      [alb, "ingress", "TCP 80"],
    ]);
  });

  test("every rule is a resource of its own (no inline blocks, which Terraform would fight over) and says why it is there", () => {
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.filter((r) => r.block).map((r) => r.origin)).toEqual([]);
    expect(rules.filter((r) => !/\w/.test(r.description ?? "")).map((r) => r.origin)).toEqual([]);
  });

  test("the two flows the walkthrough forgot say why they are there", () => {
    const egress = resources(json, "aws_vpc_security_group_egress_rule");
    expect(egress.eks_nodes_out_https_to_s3.description).toMatch(/prefix list/);
    expect(egress.eks_nodes_out_https_to_control_plane.description).toMatch(/cluster API/);
  });

  test("the VPC's default security group is managed, and holds no rule", () => {
    const defaults = securityGroups(stack).filter((g) => g.isDefault);
    expect(defaults).toHaveLength(1);
    expect(
      rules.filter((r) => r.group === defaults[0].address || r.peers.some((p) => p.kind === "group" && p.group === defaults[0].address)),
    ).toEqual([]);
  });
});

test("flow logs: all of the VPC's traffic to the stack's own log group, through a role only VPC Flow Logs can assume, which writes to that group only", () => {
  expect(flowLogs(stack)).toEqual([
    expect.objectContaining({ trafficType: "ALL", destinationType: "cloud-watch-logs", logGroup: expect.anything() }),
  ]);
  expect(json).toHaveResourceWithProperties(FlowLog, { vpc_id: reference(vpcOf(stack)!.address) });
  const [flowLog] = resourcesOf(stack, "aws_flow_log").map((f) => f.body);
  const role = resourceAt(stack, parseReference(flowLog.iam_role_arn)!.address)!;
  // Its conditions (this account's flow logs only) are asserted with the partition's ARNs in network-options.test.ts.
  expect(JSON.parse(role.body.assume_role_policy).Statement).toEqual([
    expect.objectContaining({ Effect: "Allow", Principal: { Service: "vpc-flow-logs.amazonaws.com" }, Action: "sts:AssumeRole" }),
  ]);
  // Writes to its group only; "*" only for logs:DescribeLogGroups, which names no log group.
  const [policy] = resourcesOf(stack, "aws_iam_role_policy").filter((p) => p.body.role === reference(role.address));
  const group = flowLog.log_destination;
  expect(JSON.parse(policy.body.policy).Statement.map((s: { Action: unknown; Resource: unknown }) => [s.Action, s.Resource])).toEqual([
    [
      ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
      [group, `${group}:*`],
    ],
    ["logs:DescribeLogGroups", "*"],
  ]);
});

describe("outputs", () => {
  test("each carries the contract's description, the one the README's outputs table shows", () => {
    const described = Object.fromEntries(NETWORK_OUTPUTS.map((o) => [o.name, o.description]));
    const declared = Object.entries(stack.output ?? {}).map(([name, o]) => [name, (o as { description?: string }).description]);
    expect(declared.length).toBeGreaterThan(0);
    expect(declared.filter(([name, description]) => described[name!] !== description)).toEqual([]);
  });

  test("the contract begins with the walkthrough's ten names (docs/design.md#52-outputs), as the README says", () => {
    expect(NETWORK_OUTPUTS.slice(0, 10).map((o) => o.name)).toEqual([
      "vpc_id",
      "vpc_cidr_block",
      "public_alb_subnet_ids",
      "private_workload_subnet_ids",
      "alb_security_group_id",
      "eks_nodes_security_group_id",
      "eks_control_plane_security_group_id",
      "s3_vpc_endpoint_id",
      "ecr_api_vpc_endpoint_id",
      "sagemaker_runtime_vpc_endpoint_id",
    ]);
  });

  test("the VPC, route table and endpoint outputs name what they say: each endpoint's id output and the map of every interface endpoint", () => {
    const endpoints = vpcEndpoints(stack);
    const endpointOf = (service: string) => reference(endpoints.find((e) => e.service === service)!.address);
    expect(output("vpc_id")).toBe(reference(vpcOf(stack)!.address));
    expect(output("private_route_table_id")).toEqual(reference(tablesOf("private")[0]));
    expect(["s3", "ecr_api", "ecr_dkr", "logs"].map((s) => output(`${s}_vpc_endpoint_id` as NetworkOutputName))).toEqual(
      ["s3", "ecr.api", "ecr.dkr", "logs"].map(endpointOf),
    );
    expect(output("interface_vpc_endpoint_ids")).toEqual(
      Object.fromEntries(endpoints.filter((e) => e.type === "Interface").map((e) => [e.service, reference(e.address)])),
    );
  });

  test("region and the ECR Public cache prefix are outputs: the Load Balancer Controller's settings come from the network", () => {
    expect(output("region")).toBe(env.region);
    expect(output("ecr_public_cache_prefix")).toBe(`\${aws_vpc.vpc.owner_id}.dkr.ecr.${env.region}.amazonaws.com/ecr-public`);
    const off = parseStack(synthNetwork(environment({ ecrPullThroughCache: false })));
    expect(networkOutputValue(off, "ecr_public_cache_prefix")).toBeNull();
  });
});

describe("the ECR Public pull-through cache (on with the load-balancer-controller feature)", () => {
  test("one rule, public.ecr.aws cached under ecr-public/, no credentials (ECR Public needs none)", () => {
    expect(json).toHaveResourceWithProperties(EcrPullThroughCacheRule, {
      ecr_repository_prefix: "ecr-public",
      upstream_registry_url: "public.ecr.aws",
    });
    const rules = Object.values(resources(json, "aws_ecr_pull_through_cache_rule"));
    expect(rules).toHaveLength(1);
    expect(rules[0].credential_arn).toBeUndefined();
  });

  test("the registry policy grants exactly the first pull's two actions, on the cache's namespace only, to this account only", () => {
    const policies = Object.values(resources(json, "aws_ecr_registry_policy"));
    expect(policies).toHaveLength(1);
    expect(JSON.parse(policies[0].policy).Statement).toEqual([
      expect.objectContaining({
        Effect: "Allow",
        // Any principal, fenced to this account by the condition below.
        Principal: "*",
        Action: ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"],
        Resource: `arn:aws:ecr:${env.region}:\${aws_vpc.vpc.owner_id}:repository/ecr-public/*`,
        Condition: { StringEquals: { "aws:PrincipalAccount": "${aws_vpc.vpc.owner_id}" } },
      }),
    ]);
  });

  test("on without the controller feature too (the CloudWatch agent, Fluent Bit), off when turned off (MLOPS_ECR_PULL_THROUGH_CACHE=false, e.g. for moto)", () => {
    expect(
      Object.keys(resources(synthNetwork(environment({ clusterFeatures: ["irsa"] })), "aws_ecr_pull_through_cache_rule")),
    ).toHaveLength(1);
    const off = synthNetwork(environment({ ecrPullThroughCache: false }));
    expect(Object.keys(resources(off, "aws_ecr_pull_through_cache_rule"))).toEqual([]);
    expect(Object.keys(resources(off, "aws_ecr_registry_policy"))).toEqual([]);
  });
});

test("local state: terraform.network.tfstate at the project root, by a path relative to the stack's folder", () => {
  const { local } = JSON.parse(json).terraform.backend;
  const outdir = JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")).output;
  expect(path.isAbsolute(local.path)).toBe(false);
  expect(path.resolve(ROOT, outdir, "stacks", "network", local.path)).toBe(path.join(ROOT, "terraform.network.tfstate"));
});
