import deployedProd from "./fixtures/deployed-prod.json";
import {
  DescribePrefixListsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from "@aws-sdk/client-ec2";
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  LoadBalancerNotFoundException,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { mockClient } from "aws-sdk-client-mock";
import { isEmulatorEndpoint } from "../src/rehearsal/emulator-gaps";
import { excuseEmulatorGaps, formatResults, verifyDeployment } from "../src/tools/verify";
import { expectations } from "../src/tools/verify-expectations";
import { CERTIFICATE_ARN, environment, synthDemoAlb, synthNetwork } from "./support/synth";

const env = environment({ certificateArn: CERTIFICATE_ARN });
const expected = expectations(synthNetwork(env), synthDemoAlb(env));

/**
 * Responses of a correct deployment of the default environment with the demo up, in the SDK's
 * shapes: the recorded ones, with one interface endpoint (as recorded, or like the first recorded
 * one) per service the stacks create and one security group rule per rule they write, so adding an
 * endpoint or a rule to the defaults needs no new recording.
 */
function deployment(): Record<string, any> {
  // Recorded JSON: TypeScript infers plain strings where the SDK's types want its enums.
  const recorded: Record<string, any> = JSON.parse(JSON.stringify(deployedProd));
  const endpoints: any[] = recorded.DescribeVpcEndpoints.VpcEndpoints;
  const interfaces = endpoints.filter((e) => e.VpcEndpointType === "Interface");
  recorded.DescribeVpcEndpoints.VpcEndpoints = [
    ...endpoints.filter((e) => e.VpcEndpointType !== "Interface"),
    ...expected.interfaceServices.map((service, i) => {
      const name = `com.amazonaws.${expected.region}.${service}`;
      return (
        interfaces.find((e) => e.ServiceName === name) ?? {
          ...interfaces[0],
          VpcEndpointId: `vpce-0added${String(i).padStart(9, "0")}`,
          ServiceName: name,
        }
      );
    }),
  ];
  const groupId = new Map<string, string>(recorded.DescribeSecurityGroups.SecurityGroups.map((g: any) => [g.GroupName, g.GroupId]));
  const s3List: string = recorded.DescribePrefixLists.PrefixLists[0].PrefixListId;
  // Each rule as verify describes it (`<group> <in|out> <tcp/443|tcp/a-b|all> <peer>`), back in the SDK's shape.
  recorded.DescribeSecurityGroupRules.SecurityGroupRules = expected.rules.map((line, i) => {
    const [group, direction, ports, peer] = line.split(" ");
    const [protocol, range] = ports === "all" ? ["-1", "-1"] : ports.split("/");
    const [from, to = from] = range.split("-").map(Number);
    const [kind, value] = [peer.slice(0, peer.indexOf(":")), peer.slice(peer.indexOf(":") + 1)];
    return {
      SecurityGroupRuleId: `sgr-${String(i + 1).padStart(17, "0")}`,
      GroupId: groupId.get(group),
      GroupOwnerId: "123456789012",
      IsEgress: direction === "out",
      IpProtocol: protocol,
      FromPort: from,
      ToPort: to,
      ...(kind === "sg"
        ? { ReferencedGroupInfo: { GroupId: groupId.get(value) ?? value } }
        : kind === "pl"
          ? { PrefixListId: s3List }
          : { CidrIpv4: value }),
    };
  });
  return recorded;
}
const DEPLOYED = deployment();

const ec2 = mockClient(EC2Client);
const elb = mockClient(ElasticLoadBalancingV2Client);

function answer(responses: typeof DEPLOYED) {
  ec2.reset();
  elb.reset();
  ec2.on(DescribeVpcsCommand).resolves(responses.DescribeVpcs);
  ec2.on(DescribeVpcAttributeCommand, { Attribute: "enableDnsHostnames" }).resolves(responses.DescribeVpcAttribute.enableDnsHostnames);
  ec2.on(DescribeVpcAttributeCommand, { Attribute: "enableDnsSupport" }).resolves(responses.DescribeVpcAttribute.enableDnsSupport);
  ec2.on(DescribeSubnetsCommand).resolves(responses.DescribeSubnets);
  ec2.on(DescribeRouteTablesCommand).resolves(responses.DescribeRouteTables);
  ec2.on(DescribePrefixListsCommand).resolves(responses.DescribePrefixLists);
  ec2.on(DescribeVpcEndpointsCommand).resolves(responses.DescribeVpcEndpoints);
  ec2.on(DescribeSecurityGroupsCommand).resolves(responses.DescribeSecurityGroups);
  ec2.on(DescribeSecurityGroupRulesCommand).resolves(responses.DescribeSecurityGroupRules);
  elb.on(DescribeLoadBalancersCommand).resolves(responses.DescribeLoadBalancers);
  elb.on(DescribeListenersCommand).resolves(responses.DescribeListeners);
  elb.on(DescribeTargetGroupsCommand).resolves(responses.DescribeTargetGroups);
  elb.on(DescribeTargetHealthCommand).resolves(responses.DescribeTargetHealth);
}

const run = () => verifyDeployment(expected, ec2 as unknown as EC2Client, elb as unknown as ElasticLoadBalancingV2Client);
const copy = () => JSON.parse(JSON.stringify(DEPLOYED));

test("a correct deployment passes every check", async () => {
  answer(DEPLOYED);
  const results = await run();
  expect(results.filter((r) => r.status !== "pass")).toEqual([]);
  const text = formatResults(results);
  expect(text).toMatch(/^PASS {2}VPC mlops-retail-forecast-hybrid-vpc is 10\.0\.0\.0\/16$/m);
  expect(text).toMatch(
    /^PASS {2}subnet mlops-eks-private-workloads-ap-southeast-1b: 10\.0\.102\.0\/24 in ap-southeast-1b, public IPs off$/m,
  );
  expect(text).toMatch(/^PASS {2}mlops-hybrid-private-workloads-rt: no default route/m);
  expect(text).toMatch(/^PASS {2}interface endpoint ecr\.dkr: available, private DNS on$/m);
  expect(text).toMatch(new RegExp(`^PASS {2}security group rules: exactly the ${expected.rules.length} layered rules$`, "m"));
  expect(text).toMatch(/^PASS {2}listeners HTTP:80, HTTPS:443$/m);
  expect(text).toMatch(/^\d+ passed, 0 failed$/m);
});

test("without the demo up, the ALB checks are skipped, not failed", async () => {
  answer(DEPLOYED);
  elb.on(DescribeLoadBalancersCommand).rejects(new LoadBalancerNotFoundException({ message: "not found", $metadata: {} }));
  const results = await run();
  expect(results.filter((r) => r.status === "fail")).toEqual([]);
  expect(formatResults(results)).toMatch(/^SKIP {2}demo ALB mlops-hybrid-api-demo-alb {2}\(not deployed/m);
});

test("drift fails with what was found: a NAT route, an open SSH rule, a pending endpoint, unhealthy targets", async () => {
  const broken = copy();
  broken.DescribeRouteTables.RouteTables[1].Routes.push({ DestinationCidrBlock: "0.0.0.0/0", NatGatewayId: "nat-0123456789abcdef0" });
  broken.DescribeSecurityGroupRules.SecurityGroupRules.push({
    GroupId: "sg-0bb2200000000002",
    IsEgress: false,
    IpProtocol: "tcp",
    FromPort: 22,
    ToPort: 22,
    CidrIpv4: "0.0.0.0/0",
  });
  broken.DescribeVpcEndpoints.VpcEndpoints.find((e: any) => e.ServiceName.endsWith(".ecr.api")).State = "pendingAcceptance";
  broken.DescribeSubnets.Subnets[2].MapPublicIpOnLaunch = true;
  broken.DescribeTargetHealth.TargetHealthDescriptions = [{ Target: { Id: "10.0.101.23" }, TargetHealth: { State: "unhealthy" } }];
  answer(broken);
  const text = formatResults(await run());
  expect(text).toMatch(
    /^FAIL {2}mlops-hybrid-private-workloads-rt: no default route \(no NAT, no internet\) {2}\(has .*nat-0123456789abcdef0/m,
  );
  expect(text).toMatch(/^FAIL {2}security group rules: .*unexpected: mlops-hybrid-eks-nodes-sg in tcp\/22 cidr:0\.0\.0\.0\/0/m);
  expect(text).toMatch(/^FAIL {2}interface endpoint ecr\.api: available, private DNS on {2}\(state pendingAcceptance/m);
  expect(text).toMatch(
    /^FAIL {2}subnet mlops-eks-private-workloads-ap-southeast-1a: .*\(found 10\.0\.101\.0\/24 in ap-southeast-1a, public IPs on\)/m,
  );
  expect(text).toMatch(/^FAIL {2}target group mlops-hybrid-eks-api-tg: healthy targets on \/health {2}\(0 of 1 healthy/m);
  expect(text).toMatch(/^\d+ passed, 5 failed$/m);
});

test("against an emulator, the checks its known gaps explain are skipped with the gap, and nothing else is", async () => {
  const moto = copy();
  moto.DescribeLoadBalancers.LoadBalancers[0].Scheme = undefined;
  moto.DescribeTargetHealth.TargetHealthDescriptions = [];
  moto.DescribeSubnets.Subnets[2].MapPublicIpOnLaunch = true;
  answer(moto);
  const results = await run();
  expect(results.filter((r) => r.status === "fail")).toHaveLength(3);
  const text = formatResults(excuseEmulatorGaps(results));
  expect(text).toMatch(
    /^SKIP {2}demo ALB mlops-hybrid-api-demo-alb: active, internet-facing {2}\(emulator gap: moto stores no Scheme .*\)$/m,
  );
  expect(text).toMatch(
    /^SKIP {2}target group mlops-hybrid-eks-api-tg: healthy targets on \/health {2}\(emulator gap: no EKS pod runs .*\)$/m,
  );
  expect(text).toMatch(/^FAIL {2}subnet mlops-eks-private-workloads-ap-southeast-1a: /m);
  expect(text).toMatch(/^\d+ passed, 1 failed$/m);
});

test.each([
  ["http://127.0.0.1:5055", true],
  ["http://localhost:4566", true],
  ["http://[::1]:5000", true],
  ["http://moto:5000", true],
  ["http://localstack.internal:4566", true],
  ["https://ec2.ap-southeast-1.amazonaws.com", false],
  ["https://vpce-0123.ec2.ap-southeast-1.vpce.amazonaws.com", false],
  ["not a url", false],
  [undefined, false],
])("AWS_ENDPOINT_URL=%s is an emulator: %s", (url, emulator) => {
  expect(isEmulatorEndpoint(url)).toBe(emulator);
});

test("a missing rule and a missing VPC are named", async () => {
  const noS3 = copy();
  noS3.DescribeSecurityGroupRules.SecurityGroupRules = noS3.DescribeSecurityGroupRules.SecurityGroupRules.filter(
    (r: { PrefixListId?: string }) => !r.PrefixListId,
  );
  answer(noS3);
  expect(formatResults(await run())).toMatch(/missing: mlops-hybrid-eks-nodes-sg out tcp\/443 pl:s3/);

  const none = copy();
  none.DescribeVpcs.Vpcs = [];
  answer(none);
  expect(formatResults(await run())).toMatch(
    /^FAIL {2}VPC mlops-retail-forecast-hybrid-vpc is 10\.0\.0\.0\/16 {2}\(not found: is the network deployed in this account and region \(npx cdktn deploy\), and is MLOPS_ENV its environment\?\)$/m,
  );
});

describe("an environment with NAT egress (as dev deploys)", () => {
  const natEnv = environment({ egress: "nat-gateway", certificateArn: CERTIFICATE_ARN });
  const natExpected = expectations(synthNetwork(natEnv), synthDemoAlb(natEnv));
  const runNat = () => verifyDeployment(natExpected, ec2 as unknown as EC2Client, elb as unknown as ElasticLoadBalancingV2Client);

  /**
   * The recorded deployment as NAT egress leaves it: the private default route to a NAT gateway,
   * HTTPS out from the nodes, no interface endpoint and so no endpoints group.
   */
  function natDeployment() {
    const deployed = copy();
    const endpointsGroup = "sg-0dd4400000000004";
    deployed.DescribeVpcEndpoints.VpcEndpoints = deployed.DescribeVpcEndpoints.VpcEndpoints.filter(
      (e: any) => e.VpcEndpointType === "Gateway",
    );
    deployed.DescribeSecurityGroups.SecurityGroups = deployed.DescribeSecurityGroups.SecurityGroups.filter(
      (g: any) => g.GroupId !== endpointsGroup,
    );
    deployed.DescribeSecurityGroupRules.SecurityGroupRules = deployed.DescribeSecurityGroupRules.SecurityGroupRules.filter(
      (r: any) => r.GroupId !== endpointsGroup && r.ReferencedGroupInfo?.GroupId !== endpointsGroup,
    );
    const privateTable = deployed.DescribeRouteTables.RouteTables.find((t: any) => t.RouteTableId === "rtb-0private00000002");
    privateTable.Routes.push({ DestinationCidrBlock: "0.0.0.0/0", NatGatewayId: "nat-0123456789abcdef0", State: "active" });
    deployed.DescribeSecurityGroupRules.SecurityGroupRules.push({
      GroupId: "sg-0bb2200000000002",
      IsEgress: true,
      IpProtocol: "tcp",
      FromPort: 443,
      ToPort: 443,
      CidrIpv4: "0.0.0.0/0",
    });
    return deployed;
  }

  test("expects the NAT route and the nodes' HTTPS egress, and no interface endpoint or endpoints group", () => {
    expect(natExpected.privateDefaultRoute).toBe("nat");
    expect(natExpected.interfaceServices).toEqual([]);
    expect(natExpected.securityGroups).not.toContain("mlops-hybrid-vpc-endpoints-sg");
    expect(natExpected.rules.filter((r) => r.includes("vpc-endpoints"))).toEqual([]);
    expect(natExpected.rules).toContain("mlops-hybrid-eks-nodes-sg out tcp/443 cidr:0.0.0.0/0");
  });

  test("a correct deployment passes every check", async () => {
    answer(natDeployment());
    const results = await runNat();
    expect(results.filter((r) => r.status !== "pass")).toEqual([]);
    expect(formatResults(results)).toMatch(/^PASS {2}mlops-hybrid-private-workloads-rt: 0\.0\.0\.0\/0 → NAT gateway$/m);
  });

  test("without its NAT route, or without the nodes' HTTPS egress, it fails and says what it found", async () => {
    const broken = natDeployment();
    broken.DescribeRouteTables.RouteTables[1].Routes.pop();
    broken.DescribeSecurityGroupRules.SecurityGroupRules.pop();
    answer(broken);
    const text = formatResults(await runNat());
    expect(text).toMatch(/^FAIL {2}mlops-hybrid-private-workloads-rt: 0\.0\.0\.0\/0 → NAT gateway {2}\(default route: "none"\)/m);
    expect(text).toMatch(/^FAIL {2}security group rules: .*missing: mlops-hybrid-eks-nodes-sg out tcp\/443 cidr:0\.0\.0\.0\/0/m);
  });
});
