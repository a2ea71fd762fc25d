// The reachability model and report on the real synthesized stacks, and on copies with a piece removed.
import { spawnSync } from "child_process";
import * as path from "path";
import { DEFAULT_CLUSTER_FEATURES } from "../src/eks/cluster-requirements";
import { formatReachabilityReport } from "../src/reachability/format";
import { readNetwork } from "../src/reachability/network-model";
import { headline, reach } from "../src/reachability/reach";
import { Check, exitCode, failures, reachabilityReport } from "../src/reachability/report";
import { StackJson, parseStack } from "../src/synthesized/stack-json";
import { environment, synthDemoAlb, synthNetwork } from "./support/synth";

const defaultNetwork = synthNetwork();
const demoAlb = synthDemoAlb();
const clusterEnv = environment({ eksPrivateClusterEndpoints: true });
const clusterNetwork = synthNetwork(clusterEnv);

/** A copy of the stack with `change` applied to its parsed JSON. */
function edited(json: string, change: (stack: { resource: Record<string, Record<string, any>> } & StackJson) => void): StackJson {
  const stack = JSON.parse(json);
  change(stack);
  return stack;
}

const report = (network: string | StackJson, demo: string | StackJson = demoAlb, features = DEFAULT_CLUSTER_FEATURES) => reachabilityReport({ network, demoAlb: demo, features });
const checkNamed = (r: ReturnType<typeof report>, name: string): Check => r.sections.flatMap((s) => s.checks).find((c) => c.name === name)!;

describe("the report", () => {
  test("passes on the network with the private-cluster endpoints, and exits 0", () => {
    const r = report(clusterNetwork);
    expect(failures(r)).toEqual([]);
    expect(exitCode(r)).toBe(0);
    const text = formatReachabilityReport(r, { title: "t" });
    expect(text).toMatch(/✓ node → sts: IAM roles for service accounts/);
    expect(text).toMatch(/source: https:\/\/docs\.aws\.amazon\.com\/eks\/latest\/userguide\/iam-roles-for-service-accounts\.html/);
    expect(text).toMatch(/✓ alb → node:80: requests forwarded to the pods/);
    expect(text).toMatch(/✓ internet → node on any port \(must be blocked\)/);
    expect(text).toMatch(/\nAll \d+ requirements hold\.$/);
  });

  test("fails on today's default network, naming the missing endpoints, and exits 1", () => {
    const r = report(defaultNetwork);
    expect(exitCode(r)).toBe(1);
    expect(failures(r).map((c) => c.name)).toEqual(["node → ec2", "node → sts", "node → elasticloadbalancing"]);
    expect(failures(r)[0].reason).toBe("no VPC endpoint for ec2: add the interface endpoint com.amazonaws.ap-southeast-1.ec2 in the subnets of node");
    const text = formatReachabilityReport(r, { title: "t" });
    expect(text).toMatch(/3 of \d+ requirements fail:\n {2}- node → ec2: no VPC endpoint for ec2: add the interface endpoint com\.amazonaws\.ap-southeast-1\.ec2 in the subnets of node\n/);
    // A failing check shows its chain even without --verbose; a passing one only with it.
    expect(text).toMatch(/✗ endpoint: no VPC endpoint for ec2: add /);
    expect(text).not.toMatch(/✓ sg-egress/);
    expect(formatReachabilityReport(r, { title: "t", verbose: true })).toMatch(/✓ sg-egress: aws_vpc_security_group_egress_rule\.eks_nodes_out_https_to_endpoints/);
  });

  test("follows the cluster features: Pod Identity needs eks-auth, which the default network lacks", () => {
    expect(failures(report(defaultNetwork, demoAlb, ["pod-identity"])).map((c) => c.name)).toEqual(["node → ec2", "node → eks-auth"]);
    expect(failures(report(clusterNetwork, demoAlb, ["cluster-autoscaler"])).map((c) => c.name)).toEqual(["node → autoscaling"]);
  });

  test("npm run reachability exits as the report decides", () => {
    const root = path.join(__dirname, "..");
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/reachability.ts"], { cwd: root, encoding: "utf8" });
    expect(run.stdout).toMatch(/^Reachability of environment "prod"/);
    const expected = exitCode(report(synthNetwork(), synthDemoAlb()));
    expect(run.status).toBe(expected);
  });
});

describe("removing a piece of the real network blocks what depended on it", () => {
  test("the nodes' egress to the endpoints", () => {
    const stack = edited(clusterNetwork, (s) => delete s.resource.aws_vpc_security_group_egress_rule.eks_nodes_out_https_to_endpoints);
    const v = reach(readNetwork(stack), "node", { service: "sts" });
    expect(v.reachable).toBe(false);
    expect(headline(v)).toBe("no egress rule of aws_security_group.eks_nodes_sg allows TCP 443 to aws_vpc_endpoint.sts_endpoint's security groups");
  });

  test("the endpoints' ingress: the VPC-CIDR fallback still admits the nodes; without it they are blocked", () => {
    const withoutNodesRule = edited(clusterNetwork, (s) => delete s.resource.aws_vpc_security_group_ingress_rule.vpc_endpoints_in_https_from_nodes);
    expect(headline(reach(readNetwork(withoutNodesRule), "node", { service: "ec2" }))).toMatch(/vpc_endpoints_in_https_from_vpc lets TCP 443 in from 10\.0\.0\.0\/16/);
    const withoutBoth = edited(clusterNetwork, (s) => {
      delete s.resource.aws_vpc_security_group_ingress_rule.vpc_endpoints_in_https_from_nodes;
      delete s.resource.aws_vpc_security_group_ingress_rule.vpc_endpoints_in_https_from_vpc;
    });
    const v = reach(readNetwork(withoutBoth), "node", { service: "ec2" });
    expect(v.steps.filter((s) => !s.ok).map((s) => s.stage)).toEqual(["sg-ingress"]);
    expect(headline(v)).toBe("no ingress rule of aws_security_group.vpc_endpoints_sg allows TCP 443 from node (aws_security_group.eks_nodes_sg)");
  });

  test("an interface endpoint: the report names it", () => {
    const stack = edited(clusterNetwork, (s) => delete s.resource.aws_vpc_endpoint.ecr_dkr_endpoint);
    const r = report(stack);
    expect(failures(r).map((c) => [c.name, c.reason])).toEqual([["node → ecr.dkr", "no VPC endpoint for ecr.dkr: add the interface endpoint com.amazonaws.ap-southeast-1.ecr.dkr in the subnets of node"]]);
  });

  test("the S3 gateway's route table, then the nodes' egress to the S3 prefix list", () => {
    const unrouted = edited(clusterNetwork, (s) => (s.resource.aws_vpc_endpoint.s3_gateway_endpoint.route_table_ids = []));
    expect(headline(reach(readNetwork(unrouted), "node", { service: "s3" }))).toBe(
      "aws_subnet.private_subnet_ap_southeast_1a, aws_subnet.private_subnet_ap_southeast_1b use aws_route_table.private_route_table, which is not in aws_vpc_endpoint.s3_gateway_endpoint.route_table_ids",
    );
    const noEgress = edited(clusterNetwork, (s) => delete s.resource.aws_vpc_security_group_egress_rule.eks_nodes_out_https_to_s3);
    expect(failures(report(noEgress)).map((c) => c.name)).toEqual(["node → s3"]);
    expect(headline(reach(readNetwork(noEgress), "node", { service: "s3" }))).toMatch(/no egress rule of aws_security_group\.eks_nodes_sg allows TCP 443 to the s3 prefix list/);
  });

  test("the control plane's ingress from the nodes", () => {
    const stack = edited(clusterNetwork, (s) => delete s.resource.aws_vpc_security_group_ingress_rule.eks_control_plane_in_https_from_nodes);
    expect(failures(report(stack)).map((c) => [c.name, c.reason])).toEqual([
      ["node → control-plane:443", "no ingress rule of aws_security_group.eks_control_plane_sg allows TCP 443 from node (aws_security_group.eks_nodes_sg)"],
    ]);
  });

  test("the internet route of the public subnets blocks the demo at the ALB", () => {
    const stack = edited(clusterNetwork, (s) => delete s.resource.aws_route.public_internet_route);
    expect(headline(reach(readNetwork(stack, demoAlb), "internet", { place: "alb", port: 443 }))).toMatch(/have no route 0\.0\.0\.0\/0 to an internet gateway in aws_route_table\.public_route_table/);
  });
});

describe("the ALB and the pods", () => {
  test("the ALB's group and subnets come from the network outputs the demo stack reads", () => {
    const alb = readNetwork(defaultNetwork, demoAlb).places.alb;
    expect(alb.group).toBe("aws_security_group.alb_sg");
    expect(alb.subnets).toEqual(["aws_subnet.public_subnet_ap_southeast_1a", "aws_subnet.public_subnet_ap_southeast_1b"]);
    expect(alb.publicIp).toBe(true);
  });

  test("ALB → pod:8080 leaves the ALB (egress to the nodes is all traffic) but the nodes admit only 80 and 443", () => {
    const v = reach(readNetwork(defaultNetwork, demoAlb), "alb", { place: "node", port: 8080 });
    expect(v.steps.map((s) => [s.stage, s.ok])).toEqual([["route", true], ["sg-egress", true], ["sg-ingress", false]]);
    expect(v.steps[1].reason).toMatch(/alb_out_all_to_eks_nodes lets all traffic out/);
    expect(headline(v)).toBe("no ingress rule of aws_security_group.eks_nodes_sg allows TCP 8080 from alb (aws_security_group.alb_sg); from alb (aws_security_group.alb_sg) it allows only TCP 80, TCP 443");
  });

  test("a target group on 8080 with a traffic-port health check fails the demo path on both", () => {
    const demo8080 = edited(demoAlb, (s) => {
      const tg = s.resource.aws_lb_target_group.eks_api_target_group;
      tg.port = 8080;
      tg.health_check.port = "traffic-port";
    });
    const r = report(clusterNetwork, demo8080);
    expect(failures(r).map((c) => c.name)).toEqual(["alb → node:8080", "alb → node:8080"]);
    expect(checkNamed(r, "alb → node on any port but 80, 443, 8080").ok).toBe(true);
    expect(formatReachabilityReport(r, { title: "t" })).toMatch(/health check GET \/health on traffic-port \(8080\)/);
  });

  test("an extra port open from the ALB to the nodes breaks 'must stay blocked'", () => {
    const stack = edited(clusterNetwork, (s) => {
      s.resource.aws_vpc_security_group_ingress_rule.extra = { security_group_id: "${aws_security_group.eks_nodes_sg.id}", ip_protocol: "tcp", from_port: 9000, to_port: 9100, referenced_security_group_id: "${aws_security_group.alb_sg.id}" };
    });
    const c = checkNamed(report(stack), "alb → node on any port but 80, 443");
    expect(c.ok).toBe(false);
    expect(c.reason).toMatch(/^open on TCP 9000, 9100: /);
  });
});

describe("NAT egress mode on the real network", () => {
  const withNat = (egress: boolean) =>
    edited(defaultNetwork, (s) => {
      s.resource.aws_eip = { nat: { domain: "vpc" } };
      s.resource.aws_nat_gateway = { nat: { allocation_id: "${aws_eip.nat.id}", subnet_id: "${aws_subnet.public_subnet_ap_southeast_1a.id}" } };
      s.resource.aws_route.private_nat = { route_table_id: "${aws_route_table.private_route_table.id}", destination_cidr_block: "0.0.0.0/0", nat_gateway_id: "${aws_nat_gateway.nat.id}" };
      if (egress) s.resource.aws_vpc_security_group_egress_rule.to_internet = { security_group_id: "${aws_security_group.eks_nodes_sg.id}", ip_protocol: "tcp", from_port: 443, to_port: 443, cidr_ipv4: "0.0.0.0/0" };
    });

  test("the route alone is not enough: the nodes' group has no egress to the internet", () => {
    expect(headline(reach(readNetwork(withNat(false)), "node", { place: "internet", port: 443 }))).toBe(
      "no egress rule of aws_security_group.eks_nodes_sg allows TCP 443 to the internet (0.0.0.0/0)",
    );
  });

  test("with egress, the nodes reach the internet and the services without endpoints", () => {
    const r = report(withNat(true));
    expect(failures(r)).toEqual([]);
    expect(checkNamed(r, "node → sts").reason).toMatch(/aws_nat_gateway\.nat sits in public subnet aws_subnet\.public_subnet_ap_southeast_1a|to_internet lets TCP 443 out/);
    expect(checkNamed(r, "node → internet:443")).toMatchObject({ expect: "reachable", ok: true });
    // The internet still cannot open connections to the private subnets.
    expect(checkNamed(r, "internet → node on any port").ok).toBe(true);
  });
});

test("the stack JSON is read, not changed", () => {
  const before = JSON.stringify(parseStack(clusterNetwork));
  report(clusterNetwork);
  expect(JSON.stringify(parseStack(clusterNetwork))).toBe(before);
});
