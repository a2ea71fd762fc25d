// The reachability model and report on the real synthesized stacks, and on copies with a piece removed.
import { spawnSync } from "child_process";
import * as path from "path";
import { DEFAULT_CLUSTER_FEATURES, requiredInterfaceServices } from "../src/eks/cluster-requirements";
import { albToPodPorts } from "../src/network/security-group-rules";
import { formatReachabilityReport } from "../src/reachability/format";
import { readNetwork } from "../src/reachability/network-model";
import { headline, reach } from "../src/reachability/reach";
import { Check, exitCode, failures, reachabilityReport } from "../src/reachability/report";
import { StackJson, parseStack, shortServiceName } from "../src/synthesized/stack-json";
import { environment, synthDemoAlb, synthNetwork } from "./support/synth";

const defaultEnv = environment();
const defaultNetwork = synthNetwork(defaultEnv);
const demoAlb = synthDemoAlb(defaultEnv);
const ecrAndLogsNetwork = synthNetwork(environment({ endpointSet: "ecr-and-logs" }));
const natEnv = environment({ egress: "nat-gateway" });
const natNetwork = synthNetwork(natEnv);
const port8080Env = environment({ apiTargetPort: 8080 });

/** The image checks of the default features: an ECR pull needs ecr.api, ecr.dkr and S3, so each fails with them. */
const IMAGES = [
  "the EKS add-on images (VPC CNI, kube-proxy, CoreDNS, pause) can be pulled",
  "the controller image (AWS Load Balancer Controller) can be pulled",
  "the CloudWatch agent image (Container Insights metrics) can be pulled",
  "the Fluent Bit image (container logs to CloudWatch Logs) can be pulled",
  "the forecast API image can be pulled",
];
/** The images every cluster pulls from ECR Public, through the pull-through cache without NAT. */
const CACHED = IMAGES.slice(1, 4);

/** A copy of the stack with `change` applied to its parsed JSON. */
function edited(json: string, change: (stack: { resource: Record<string, Record<string, any>> } & StackJson) => void): StackJson {
  const stack = JSON.parse(json);
  change(stack);
  return stack;
}

const sorted = (ports: number[]) => [...ports].sort((a, b) => a - b);
/** "TCP 80, TCP 443": the allowed ports as the reasons list them. */
const tcp = (ports: number[]) =>
  sorted(ports)
    .map((p) => `TCP ${p}`)
    .join(", ");

const report = (network: string | StackJson, demo: string | StackJson = demoAlb, features = DEFAULT_CLUSTER_FEATURES) =>
  reachabilityReport({ network, demoAlb: demo, features });
const checkNamed = (r: ReturnType<typeof report>, name: string): Check => r.sections.flatMap((s) => s.checks).find((c) => c.name === name)!;
const allChecks = (r: ReturnType<typeof report>) => r.sections.flatMap((s) => s.checks);

describe("the report", () => {
  test("passes on the default environment (endpointSet cluster), every requirement ✓ with its AWS document, and exits 0", () => {
    expect(defaultEnv.clusterFeatures).toEqual(DEFAULT_CLUSTER_FEATURES);
    const r = report(defaultNetwork);
    expect(failures(r)).toEqual([]);
    expect(exitCode(r)).toBe(0);
    const text = formatReachabilityReport(r, { title: "t" });
    const marks = text.split("\n").filter((l) => /^ {2}[✓✗] /.test(l));
    expect(marks).toHaveLength(allChecks(r).length);
    expect(marks.every((l) => l.startsWith("  ✓ "))).toBe(true);
    // Every requirement names the AWS document it comes from.
    expect(allChecks(r).every((c) => /^https:\/\/docs\.aws\.amazon\.com\//.test(c.source))).toBe(true);
    expect(text.match(/\n {6}source: https:\/\/docs\.aws\.amazon\.com\//g)).toHaveLength(allChecks(r).length);
    expect(text).toMatch(/Internet egress of the private subnets: none, no NAT gateway/);
    expect(text).toMatch(/✓ node → sts: IAM roles for service accounts/);
    expect(text).toMatch(/through interface endpoint aws_vpc_endpoint\.sts_endpoint: /);
    expect(text).toMatch(/source: https:\/\/docs\.aws\.amazon\.com\/eks\/latest\/userguide\/iam-roles-for-service-accounts\.html/);
    expect(text).toMatch(/✓ alb → node:80: requests forwarded to the pods/);
    expect(text).toMatch(/✓ internet → node on any port \(must be blocked\)/);
    expect(text).toMatch(/✓ node → internet:443 \(must be blocked\): no NAT/);
    expect(text).toMatch(/\nAll \d+ requirements hold\.$/);
  });

  test("endpointSet ecr-and-logs fails, naming ec2, sts and elasticloadbalancing, and exits 1", () => {
    const r = report(ecrAndLogsNetwork);
    expect(exitCode(r)).toBe(1);
    expect(failures(r).map((c) => c.name)).toEqual(["node → ec2", "node → sts", "node → elasticloadbalancing"]);
    expect(failures(r)[0].reason).toBe(
      "no VPC endpoint for ec2: add the interface endpoint com.amazonaws.ap-southeast-1.ec2 in the nodes' subnets",
    );
    const text = formatReachabilityReport(r, { title: "t" });
    expect(text).toMatch(
      /3 of \d+ requirements fail:\n {2}- node → ec2: no VPC endpoint for ec2: add the interface endpoint com\.amazonaws\.ap-southeast-1\.ec2 in the nodes' subnets\n/,
    );
    expect(text).toMatch(/- node → sts: no VPC endpoint for sts/);
    expect(text).toMatch(/- node → elasticloadbalancing: no VPC endpoint for elasticloadbalancing/);
    // A failing check shows its chain even without --verbose; a passing one only with it.
    expect(text).toMatch(/✗ endpoint: no VPC endpoint for ec2: add /);
    expect(text).not.toMatch(/✓ sg-egress/);
    expect(formatReachabilityReport(r, { title: "t", verbose: true })).toMatch(
      /✓ sg-egress: aws_vpc_security_group_egress_rule\.eks_nodes_out_https_to_endpoints/,
    );
  });

  test("follows the cluster features: Pod Identity needs eks-auth, the autoscaler autoscaling, neither in the default set", () => {
    expect(failures(report(defaultNetwork, demoAlb, ["pod-identity"])).map((c) => c.name)).toEqual(["node → eks-auth"]);
    expect(failures(report(defaultNetwork, demoAlb, ["cluster-autoscaler", "eks-api"])).map((c) => c.name)).toEqual([
      "node → autoscaling",
      "node → eks",
    ]);
    const withFeatures = environment({ clusterFeatures: ["irsa", "pod-identity", "cluster-autoscaler", "eks-api"] });
    expect(failures(report(synthNetwork(withFeatures), demoAlb, withFeatures.clusterFeatures))).toEqual([]);
  });

  test("npm run reachability fails the ecr-and-logs endpoint set with exit 1 and says what to change", () => {
    const root = path.join(__dirname, "..");
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("MLOPS_")));
    const run = spawnSync(process.execPath, ["scripts/tool.js", "reachability"], {
      cwd: root,
      encoding: "utf8",
      env: { ...env, MLOPS_ENDPOINT_SET: "ecr-and-logs" },
    });
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^Reachability of environment "prod"/);
    expect(run.stdout).toMatch(/3 of \d+ requirements fail:/);
    expect(run.stdout).toMatch(/endpointSet is "ecr-and-logs"; "cluster" creates every endpoint/);
    expect(run.status).toBe(1);
  });
});

describe("NAT egress mode (egress nat-gateway, endpointSet none)", () => {
  const r = report(natNetwork, synthDemoAlb(natEnv));

  test("passes: the services are reached through the NAT and the nodes' egress 443 to 0.0.0.0/0", () => {
    expect(failures(r)).toEqual([]);
    expect(exitCode(r)).toBe(0);
    expect(checkNamed(r, "node → sts").reason).toBe(
      "through NAT gateway aws_nat_gateway.nat_gateway (no VPC endpoint for sts): aws_vpc_security_group_egress_rule.eks_nodes_out_https_to_internet lets TCP 443 out to 0.0.0.0/0",
    );
    expect(checkNamed(r, "node → sts").steps[0].reason).toBe(
      "no VPC endpoint for sts: reached through NAT gateway aws_nat_gateway.nat_gateway instead",
    );
    // S3 still takes the gateway endpoint.
    expect(checkNamed(r, "node → s3").reason).toMatch(/^through gateway endpoint aws_vpc_endpoint\.s3_gateway_endpoint: /);
    expect(formatReachabilityReport(r, { title: "t" })).toMatch(
      /Internet egress of the private subnets: NAT gateway aws_nat_gateway\.nat_gateway/,
    );
  });

  test("private → internet is reachable; the internet still cannot open connections inward", () => {
    expect(checkNamed(r, "node → internet:443")).toMatchObject({
      expect: "reachable",
      ok: true,
      reason: expect.stringMatching(/^through NAT gateway aws_nat_gateway\.nat_gateway: /),
    });
    expect(checkNamed(r, "internet → node on any port")).toMatchObject({ expect: "blocked", ok: true });
    expect(checkNamed(r, "internet → control-plane on any port").ok).toBe(true);
  });

  test("the NAT route alone is not enough: without the nodes' egress to the internet the services are blocked", () => {
    const noEgress = edited(natNetwork, (s) => delete s.resource.aws_vpc_security_group_egress_rule.eks_nodes_out_https_to_internet);
    expect(headline(reach(readNetwork(noEgress), "node", { place: "internet", port: 443 }))).toBe(
      "no egress rule of aws_security_group.eks_nodes_sg allows TCP 443 to the internet (0.0.0.0/0)",
    );
    // Every service the cluster calls but S3 (still reached through its gateway), and every image: an ECR pull needs ecr.api.
    expect(failures(report(noEgress)).map((c) => c.name)).toEqual([
      ...requiredInterfaceServices(DEFAULT_CLUSTER_FEATURES).map((service) => `node → ${service}`),
      ...IMAGES,
      "node → internet:443",
    ]);
  });

  test("without the NAT route, the private subnets have no way out", () => {
    const noRoute = edited(natNetwork, (s) => delete s.resource.aws_route.private_nat_route);
    expect(headline(reach(readNetwork(noRoute), "node", { service: "ec2" }))).toBe(
      "no VPC endpoint for ec2: add the interface endpoint com.amazonaws.ap-southeast-1.ec2 in the nodes' subnets",
    );
    expect(reach(readNetwork(noRoute), "node", { service: "ec2" }).steps.find((s) => s.stage === "route")?.reason).toMatch(
      /which has no route 0\.0\.0\.0\/0/,
    );
  });
});

describe("operator-access: Session Manager and kubeconfig from inside the VPC", () => {
  const SERVICES = ["eks", "ssm", "ssmmessages", "ec2messages"];
  const OPERATOR = SERVICES.map((service) => `node → ${service}`);
  const features = [...DEFAULT_CLUSTER_FEATURES, "operator-access" as const];

  test("the feature adds the ssm, ssmmessages, ec2messages and eks endpoints, and the report checks each path", () => {
    const network = synthNetwork(environment({ clusterFeatures: features }));
    const r = report(network, demoAlb, features);
    expect(failures(r)).toEqual([]);
    for (const name of OPERATOR) expect(checkNamed(r, name).reason).toMatch(/^through interface endpoint aws_vpc_endpoint\.\w+_endpoint: /);
  });

  test("asked of a network without them, each is named missing", () => {
    const without = edited(defaultNetwork, (s) => {
      const endpoints = s.resource.aws_vpc_endpoint;
      for (const [name, e] of Object.entries(endpoints)) if (SERVICES.includes(shortServiceName(e.service_name))) delete endpoints[name];
    });
    expect(failures(report(without, demoAlb, features)).map((c) => c.name)).toEqual(OPERATOR);
  });
});

describe("removing a piece of the real network blocks what depended on it", () => {
  test("the nodes' egress to the endpoints", () => {
    const stack = edited(defaultNetwork, (s) => delete s.resource.aws_vpc_security_group_egress_rule.eks_nodes_out_https_to_endpoints);
    const v = reach(readNetwork(stack), "node", { service: "sts" });
    expect(v.reachable).toBe(false);
    expect(headline(v)).toBe(
      "no egress rule of aws_security_group.eks_nodes_sg allows TCP 443 to aws_vpc_endpoint.sts_endpoint's security groups",
    );
  });

  test("the endpoints' ingress: the VPC-CIDR fallback still admits the nodes; without it they are blocked", () => {
    const withoutNodesRule = edited(
      defaultNetwork,
      (s) => delete s.resource.aws_vpc_security_group_ingress_rule.vpc_endpoints_in_https_from_nodes,
    );
    expect(headline(reach(readNetwork(withoutNodesRule), "node", { service: "ec2" }))).toMatch(
      /vpc_endpoints_in_https_from_vpc lets TCP 443 in from 10\.0\.0\.0\/16/,
    );
    const withoutBoth = edited(defaultNetwork, (s) => {
      delete s.resource.aws_vpc_security_group_ingress_rule.vpc_endpoints_in_https_from_nodes;
      delete s.resource.aws_vpc_security_group_ingress_rule.vpc_endpoints_in_https_from_vpc;
    });
    const v = reach(readNetwork(withoutBoth), "node", { service: "ec2" });
    expect(v.steps.filter((s) => !s.ok).map((s) => s.stage)).toEqual(["sg-ingress"]);
    expect(headline(v)).toBe(
      "no ingress rule of aws_security_group.vpc_endpoints_sg allows TCP 443 from node (aws_security_group.eks_nodes_sg)",
    );
  });

  test("an interface endpoint: the report names it", () => {
    const stack = edited(defaultNetwork, (s) => delete s.resource.aws_vpc_endpoint.ecr_dkr_endpoint);
    const r = report(stack);
    const missing = "no VPC endpoint for ecr.dkr: add the interface endpoint com.amazonaws.ap-southeast-1.ecr.dkr in the nodes' subnets";
    expect(failures(r).map((c) => [c.name, c.reason])).toEqual([
      ["node → ecr.dkr", missing],
      ...IMAGES.map((name) => [name, `ecr.dkr (the registry): ${missing}`]),
    ]);
  });

  test("the pull-through cache rule: the ECR Public images alone cannot be pulled, and the report says what to turn on", () => {
    const stack = edited(defaultNetwork, (s) => delete s.resource.aws_ecr_pull_through_cache_rule);
    expect(failures(report(stack)).map((c) => [c.name, c.reason])).toEqual(
      CACHED.map((name) => [
        name,
        "no pull-through cache rule for public.ecr.aws in the network stack, and no internet path to it: turn ecrPullThroughCache on",
      ]),
    );
    // The same network with the setting off fails the same way; without the controller feature the CloudWatch agent and Fluent Bit still need it.
    const off = synthNetwork(environment({ ecrPullThroughCache: false }));
    expect(failures(report(off)).map((c) => c.name)).toEqual(CACHED);
    expect(failures(report(off, demoAlb, ["irsa"])).map((c) => c.name)).toEqual(CACHED.slice(1));
    // With NAT egress the image comes straight from ECR Public.
    const natOff = synthNetwork(environment({ egress: "nat-gateway", ecrPullThroughCache: false }));
    expect(checkNamed(report(natOff), IMAGES[1]).reason).toMatch(
      /^from public\.ecr\.aws over the internet through NAT gateway aws_nat_gateway\.nat_gateway/,
    );
  });

  test("the layer bucket: an S3 endpoint policy without it stops every ECR pull at S3", () => {
    const stack = edited(defaultNetwork, (s) => {
      const policy = JSON.parse(s.resource.aws_vpc_endpoint.s3_gateway_endpoint.policy);
      policy.Statement = policy.Statement.filter((st: { Sid: string }) => st.Sid !== "AllowAwsOwnedBucketsNodesRead");
      s.resource.aws_vpc_endpoint.s3_gateway_endpoint.policy = JSON.stringify(policy);
    });
    expect(failures(report(stack)).map((c) => [c.name, c.reason])).toEqual(
      IMAGES.map((name) => [
        name,
        "aws_vpc_endpoint.s3_gateway_endpoint's policy does not name prod-ap-southeast-1-starport-layer-bucket: layer downloads are denied",
      ]),
    );
  });

  test("the S3 gateway's route table, then the nodes' egress to the S3 prefix list", () => {
    const unrouted = edited(defaultNetwork, (s) => (s.resource.aws_vpc_endpoint.s3_gateway_endpoint.route_table_ids = []));
    expect(headline(reach(readNetwork(unrouted), "node", { service: "s3" }))).toBe(
      "aws_subnet.private_subnet_ap_southeast_1a, aws_subnet.private_subnet_ap_southeast_1b use aws_route_table.private_route_table, which is not in aws_vpc_endpoint.s3_gateway_endpoint.route_table_ids",
    );
    const noEgress = edited(defaultNetwork, (s) => delete s.resource.aws_vpc_security_group_egress_rule.eks_nodes_out_https_to_s3);
    expect(failures(report(noEgress)).map((c) => c.name)).toEqual(["node → s3", ...IMAGES]);
    expect(headline(reach(readNetwork(noEgress), "node", { service: "s3" }))).toMatch(
      /no egress rule of aws_security_group\.eks_nodes_sg allows TCP 443 to the s3 prefix list/,
    );
  });

  test("the control plane's ingress from the nodes", () => {
    const stack = edited(
      defaultNetwork,
      (s) => delete s.resource.aws_vpc_security_group_ingress_rule.eks_control_plane_in_https_from_nodes,
    );
    expect(failures(report(stack)).map((c) => [c.name, c.reason])).toEqual([
      [
        "node → control-plane:443",
        "no ingress rule of aws_security_group.eks_control_plane_sg allows TCP 443 from node (aws_security_group.eks_nodes_sg)",
      ],
    ]);
  });

  test("the internet route of the public subnets blocks the demo at the ALB", () => {
    const stack = edited(defaultNetwork, (s) => delete s.resource.aws_route.public_internet_route);
    expect(headline(reach(readNetwork(stack, demoAlb), "internet", { place: "alb", port: 443 }))).toMatch(
      /have no route 0\.0\.0\.0\/0 to an internet gateway in aws_route_table\.public_route_table/,
    );
  });
});

describe("the ALB and the pods", () => {
  test("the ALB's group and subnets come from the network outputs the demo stack reads", () => {
    const alb = readNetwork(defaultNetwork, demoAlb).places.alb;
    expect(alb.group).toBe("aws_security_group.alb_sg");
    expect(alb.subnets).toEqual(["aws_subnet.public_subnet_ap_southeast_1a", "aws_subnet.public_subnet_ap_southeast_1b"]);
    expect(alb.publicIp).toBe(true);
  });

  test("default: ALB → pod:8080 is stopped at both groups, which allow exactly ALB_TO_POD_PORTS", () => {
    const v = reach(readNetwork(defaultNetwork, demoAlb), "alb", { place: "node", port: 8080 });
    expect(v.steps.map((s) => [s.stage, s.ok])).toEqual([
      ["route", true],
      ["sg-egress", false],
      ["sg-ingress", false],
    ]);
    expect(headline(v)).toBe(
      `no egress rule of aws_security_group.alb_sg allows TCP 8080 to node (aws_security_group.eks_nodes_sg); to node (aws_security_group.eks_nodes_sg) it allows only ${tcp(albToPodPorts())}`,
    );
    expect(v.steps[2].reason).toBe(
      `no ingress rule of aws_security_group.eks_nodes_sg allows TCP 8080 from alb (aws_security_group.alb_sg); from alb (aws_security_group.alb_sg) it allows only ${tcp(albToPodPorts())}`,
    );
  });

  describe("apiTargetPort 8080", () => {
    const r = report(synthNetwork(port8080Env), synthDemoAlb(port8080Env), port8080Env.clusterFeatures);

    test("the ALB reaches the pods and their health check on 8080, through the rules made for it", () => {
      expect(failures(r)).toEqual([]);
      const forwarded = allChecks(r).filter((c) => c.name === "alb → node:8080");
      expect(forwarded.map((c) => c.why)).toEqual([
        "requests forwarded to the pods (aws_lb_target_group.eks_api_target_group port 8080)",
        "health check GET /health on traffic-port (8080)",
      ]);
      expect(forwarded.every((c) => c.ok)).toBe(true);
      expect(forwarded[0].steps.map((s) => s.reason)).toEqual([
        expect.stringMatching(/^inside the VPC/),
        "aws_vpc_security_group_egress_rule.alb_out_api_8080_to_eks_nodes lets TCP 8080 out to aws_security_group.eks_nodes_sg",
        "aws_vpc_security_group_ingress_rule.eks_nodes_in_api_8080_from_alb lets TCP 8080 in from aws_security_group.alb_sg",
      ]);
    });

    test("'must stay blocked': no port from the ALB to the pods is open but ALB_TO_POD_PORTS and 8080", () => {
      const c = checkNamed(r, `alb → node on any port but ${sorted(albToPodPorts(8080)).join(", ")}`);
      expect(c).toMatchObject({ expect: "blocked", ok: true });
      expect(c.reason.endsWith(`it allows only ${tcp(albToPodPorts(8080))}`)).toBe(true);
    });
  });

  test("a target group moved to 8080 without the rules fails the demo path on both the port and the health check", () => {
    const demo8080 = edited(demoAlb, (s) => {
      const tg = s.resource.aws_lb_target_group.eks_api_target_group;
      tg.port = 8080;
      tg.health_check.port = "traffic-port";
    });
    const r = report(defaultNetwork, demo8080);
    expect(failures(r).map((c) => c.name)).toEqual(["alb → node:8080", "alb → node:8080"]);
    expect(failures(r)[0].reason).toMatch(/^no egress rule of aws_security_group\.alb_sg allows TCP 8080/);
    expect(checkNamed(r, `alb → node on any port but ${sorted(albToPodPorts(8080)).join(", ")}`).ok).toBe(true);
    expect(formatReachabilityReport(r, { title: "t" })).toMatch(/health check GET \/health on traffic-port \(8080\)/);
  });

  test("an extra port open from the ALB to the nodes breaks 'must stay blocked'", () => {
    const stack = edited(defaultNetwork, (s) => {
      s.resource.aws_vpc_security_group_ingress_rule.extra = {
        security_group_id: "${aws_security_group.eks_nodes_sg.id}",
        ip_protocol: "tcp",
        from_port: 7000,
        to_port: 7100,
        referenced_security_group_id: "${aws_security_group.alb_sg.id}",
      };
      s.resource.aws_vpc_security_group_egress_rule.extra = {
        security_group_id: "${aws_security_group.alb_sg.id}",
        ip_protocol: "-1",
        referenced_security_group_id: "${aws_security_group.eks_nodes_sg.id}",
      };
    });
    const c = checkNamed(report(stack), `alb → node on any port but ${sorted(albToPodPorts()).join(", ")}`);
    expect(c.ok).toBe(false);
    expect(c.reason).toMatch(/^open on TCP 7000, 7100: /);
  });
});

test("the stack JSON is read, not changed", () => {
  const before = JSON.stringify(parseStack(defaultNetwork));
  report(defaultNetwork);
  expect(JSON.stringify(parseStack(defaultNetwork))).toBe(before);
});
