import { CreateVpcCommand, DeleteVpcCommand, EC2Client, ModifyVpcEndpointCommand } from "@aws-sdk/client-ec2";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ADDRESS, AdoptionError, lookUpConsoleNetwork } from "../src/adopt/lookup";
import { buildConsoleNetwork } from "../src/adopt/console-network";
import { resourceNames } from "../src/config/names";
import { Emulator, EMULATOR_CREDENTIALS, startEmulator } from "../src/rehearsal/emulator";
import { environment } from "./support/synth";

// Each case gets a network of its own in one moto_server: moto keeps one account per server, so
// every case uses another name prefix (and so another VPC name).
let emulator: Emulator;
let tmp: string;
let ec2: EC2Client;
beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-lookup-"));
  emulator = await startEmulator({ ...process.env, AWS_ENDPOINT_URL: "" }, path.join(tmp, "moto.log"));
  ec2 = new EC2Client({ region: "ap-southeast-1", endpoint: emulator.url, credentials: EMULATOR_CREDENTIALS });
});
afterAll(async () => {
  ec2?.destroy();
  await emulator?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const built = async (namePrefix: string, removeDefaultEgress = true, settings: Record<string, unknown> = {}) => {
  const env = environment({ namePrefix, ...settings });
  return { env, ids: await buildConsoleNetwork(ec2, env, { removeDefaultEgress }) };
};
const idOf = (file: Awaited<ReturnType<typeof lookUpConsoleNetwork>>, address: string) =>
  file.resources.find((r) => r.address === address)?.id;
const problemsOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AdoptionError);
  return (error as AdoptionError).problems;
};

describe("looking up the walkthrough's console network", () => {
  test("finds every resource of sections 1 and 2 by its name, with the console's ids", async () => {
    const { env, ids } = await built("found");
    const names = resourceNames(env);
    const file = await lookUpConsoleNetwork(ec2, env, "network");
    const expected: [string, string][] = [
      [ADDRESS.vpc, ids[names.vpc]],
      [ADDRESS.internetGateway, ids[names.internetGateway]],
      [ADDRESS.routeTable("public"), ids[names.publicRouteTable]],
      [ADDRESS.routeTable("private"), ids[names.privateRouteTable]],
      [ADDRESS.publicInternetRoute, `${ids[names.publicRouteTable]}_0.0.0.0/0`],
      ...env.availabilityZones.flatMap((az): [string, string][] => [
        [ADDRESS.subnet("public", az), ids[names.publicSubnet(az)]],
        [ADDRESS.subnet("private", az), ids[names.privateSubnet(az)]],
        [ADDRESS.association("public", az), `${ids[names.publicSubnet(az)]}/${ids[names.publicRouteTable]}`],
        [ADDRESS.association("private", az), `${ids[names.privateSubnet(az)]}/${ids[names.privateRouteTable]}`],
      ]),
      ...(["alb", "eksNodes", "eksControlPlane", "vpcEndpoints"] as const).map((k): [string, string] => [
        ADDRESS.securityGroup(k),
        ids[names.securityGroups[k]],
      ]),
      [ADDRESS.s3Endpoint, ids[names.s3GatewayEndpoint]],
      ...["ecr.api", "ecr.dkr", "logs"].map((s): [string, string] => [ADDRESS.interfaceEndpoint(s), ids[names.interfaceEndpoint(s)]]),
    ];
    for (const [address, id] of expected) expect([address, idOf(file, address)]).toEqual([address, id]);
    // 13 walkthrough rules: each imported; the ALB's "all traffic" to the nodes absorbed by the design's port-80 rule.
    const rules = file.resources.filter((r) => r.address.startsWith("aws_vpc_security_group_"));
    expect(rules).toHaveLength(13);
    expect(rules.filter((r) => r.foundBy.includes("changed in place")).map((r) => r.address)).toEqual([
      ADDRESS.rule("egress", "alb_out_http_to_eks_nodes"),
    ]);
    expect(file.leftAlone).toEqual([]);
    expect(file.vpcId).toBe(ids[names.vpc]);
  });

  test("the console's default allow-all egress, when kept, is left alone and said so with the command that removes it", async () => {
    const { env } = await built("kept", false);
    const file = await lookUpConsoleNetwork(ec2, env, "network");
    expect(file.leftAlone).toHaveLength(4);
    for (const line of file.leftAlone)
      expect(line).toMatch(
        /default allow-all egress.*aws ec2 revoke-security-group-egress --group-id sg-\w+ --security-group-rule-ids sgr-\w+/,
      );
  });

  test("a CIDR or zone the configuration does not have is refused, naming the setting and the console's value", async () => {
    const { env } = await built("moved");
    const problems = await problemsOf(
      lookUpConsoleNetwork(ec2, { ...env, vpcCidr: "10.9.0.0/16", privateSubnetCidrs: ["10.0.101.0/24", "10.0.112.0/24"] }, "network"),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/has CIDR 10\.0\.0\.0\/16, the configuration 10\.9\.0\.0\/16: set vpcCidr to "10\.0\.0\.0\/16"/),
        expect.stringMatching(
          /has CIDR 10\.0\.102\.0\/24, the configuration 10\.0\.112\.0\/24: set privateSubnetCidrs\[1\] to "10\.0\.102\.0\/24"/,
        ),
      ]),
    );
    const zones = await problemsOf(
      lookUpConsoleNetwork(ec2, { ...env, availabilityZones: ["ap-southeast-1a", "ap-southeast-1c"] }, "network"),
    );
    expect(zones.join("\n")).toMatch(
      /subnet named moved-hybrid-public-alb-ap-southeast-1c in vpc-\w+ not found: the VPC has .*moved-hybrid-public-alb-ap-southeast-1b \(ap-southeast-1b, 10\.0\.2\.0\/24\).*set availabilityZones/,
    );
  });

  test("two VPCs of the name: both named", async () => {
    const { env, ids } = await built("twice");
    const second = (
      await ec2.send(
        new CreateVpcCommand({
          CidrBlock: "10.0.0.0/16",
          TagSpecifications: [{ ResourceType: "vpc", Tags: [{ Key: "Name", Value: resourceNames(env).vpc }] }],
        }),
      )
    ).Vpc!.VpcId!;
    try {
      const problems = await problemsOf(lookUpConsoleNetwork(ec2, env, "network"));
      expect(problems).toEqual([
        expect.stringContaining(`VPC named twice-retail-forecast-hybrid-vpc in ap-southeast-1 is ambiguous: 2 candidates`),
      ]);
      expect(problems[0]).toContain(ids[resourceNames(env).vpc]);
      expect(problems[0]).toContain(second);
    } finally {
      await ec2.send(new DeleteVpcCommand({ VpcId: second }));
    }
  });

  test("the S3 endpoint in a route table the design does not give it: named, with the fix", async () => {
    const { env, ids } = await built("foreign");
    const names = resourceNames(env);
    await ec2.send(
      new ModifyVpcEndpointCommand({ VpcEndpointId: ids[names.s3GatewayEndpoint], AddRouteTableIds: [ids[names.publicRouteTable]] }),
    );
    expect(await problemsOf(lookUpConsoleNetwork(ec2, env, "network"))).toEqual([
      `S3 gateway endpoint ${ids[names.s3GatewayEndpoint]} is in route tables the design does not give it: ${ids[names.publicRouteTable]} (foreign-hybrid-public-alb-rt); take them off the endpoint in the console (only foreign-hybrid-private-workloads-rt keeps it)`,
    ]);
  });

  test("no VPC of the name: the prefix it looked for and the setting to change", async () => {
    const problems = await problemsOf(lookUpConsoleNetwork(ec2, environment({ namePrefix: "nobody" }), "network"));
    expect(problems).toEqual([
      `VPC named nobody-retail-forecast-hybrid-vpc in ap-southeast-1 not found: set namePrefix to the first word of the console's names (namePrefix "nobody" gives nobody-retail-forecast-hybrid-vpc), and region to where it was built`,
    ]);
  });
});
