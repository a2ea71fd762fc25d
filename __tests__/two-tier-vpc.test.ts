import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Fn, TerraformStack, TerraformVariable, Testing } from "cdktn";
import { ConfigError, loadProjectConfig } from "../src/config/load";
import { resourceNames } from "../src/config/names";
import { TwoTierVpc, TwoTierVpcProps } from "../src/network/vpc";
import { testingApp } from "./support/synth";

/**
 * TwoTierVpc checks its own props, as AWS CDK's ec2.Vpc does, for anyone who builds it without the
 * configuration (whose messages name the settings: config.test.ts). Each error names the prop and
 * says what to do, and comes before any resource is made.
 */
const GOOD: TwoTierVpcProps = {
  cidr: "10.0.0.0/16",
  availabilityZones: ["ap-southeast-1a", "ap-southeast-1b"],
  publicSubnetCidrs: ["10.0.1.0/24", "10.0.2.0/24"],
  privateSubnetCidrs: ["10.0.101.0/24", "10.0.102.0/24"],
  names: resourceNames({ namePrefix: "mlops" }),
};

function build(props: Partial<TwoTierVpcProps>, stack = new TerraformStack(testingApp(), "stack")): TwoTierVpc {
  return new TwoTierVpc(stack, "network", { ...GOOD, ...props });
}

/** The problems a construction reports, one line each, without the heading. */
function problems(props: Partial<TwoTierVpcProps>): string[] {
  try {
    build(props);
  } catch (e) {
    const [heading, ...lines] = (e as Error).message.split("\n");
    expect(heading).toBe("TwoTierVpc stack/network: invalid props:");
    return lines.map((l) => l.replace(/^ {2}- /, ""));
  }
  return [];
}

test("the walkthrough's layout is valid, and builds a public and a private subnet per zone", () => {
  const stack = new TerraformStack(testingApp(), "stack");
  build({}, stack);
  expect(Object.keys(JSON.parse(Testing.synth(stack)).resource[Subnet.tfResourceType])).toHaveLength(4);
});

test.each<[string, Partial<TwoTierVpcProps>, string[]]>([
  [
    "one zone",
    { availabilityZones: ["ap-southeast-1a"], publicSubnetCidrs: ["10.0.1.0/24"], privateSubnetCidrs: ["10.0.101.0/24"] },
    ['availabilityZones = ["ap-southeast-1a"]: an ALB needs subnets in at least 2 availability zones; name 2 or more'],
  ],
  [
    "a zone twice",
    { availabilityZones: ["ap-southeast-1a", "ap-southeast-1a"] },
    ['availabilityZones = "ap-southeast-1a": each availability zone may appear once; remove the repeat'],
  ],
  [
    "fewer public CIDRs than zones",
    { publicSubnetCidrs: ["10.0.1.0/24"] },
    ['publicSubnetCidrs = ["10.0.1.0/24"]: give one CIDR per availability zone (2)'],
  ],
  [
    "more private CIDRs than zones",
    { privateSubnetCidrs: ["10.0.101.0/24", "10.0.102.0/24", "10.0.103.0/24"] },
    ['privateSubnetCidrs = ["10.0.101.0/24","10.0.102.0/24","10.0.103.0/24"]: give one CIDR per availability zone (2)'],
  ],
  ["a VPC CIDR that is no CIDR", { cidr: "10.0.0/16" }, ['cidr = "10.0.0/16": is not an IPv4 CIDR of the form a.b.c.d/n']],
  [
    "a VPC larger than AWS allows",
    { cidr: "10.0.0.0/8" },
    ['cidr = "10.0.0.0/8": a VPC CIDR must be between /16 and /28; pick a prefix length in that range'],
  ],
  [
    "a subnet outside the VPC",
    { privateSubnetCidrs: ["10.0.101.0/24", "10.9.102.0/24"] },
    ['privateSubnetCidrs = "10.9.102.0/24": lies outside the VPC 10.0.0.0/16; pick a block inside it'],
  ],
  [
    "a subnet smaller than AWS allows",
    { publicSubnetCidrs: ["10.0.1.0/24", "10.0.2.0/29"] },
    ['publicSubnetCidrs = "10.0.2.0/29": a subnet must be /28 or larger; use a prefix length of 28 or less'],
  ],
  [
    "a subnet with host bits",
    { publicSubnetCidrs: ["10.0.1.1/24", "10.0.2.0/24"] },
    ['publicSubnetCidrs = "10.0.1.1/24": has host bits set; the network address is 10.0.1.0/24'],
  ],
  [
    "a private subnet overlapping a public one",
    { privateSubnetCidrs: ["10.0.101.0/24", "10.0.0.0/22"] },
    ['privateSubnetCidrs = "10.0.0.0/22": overlaps 10.0.1.0/24 of publicSubnetCidrs; give each subnet a block of its own'],
  ],
  [
    "two public subnets on one block",
    { publicSubnetCidrs: ["10.0.1.0/24", "10.0.1.0/24"] },
    ['publicSubnetCidrs = "10.0.1.0/24": overlaps 10.0.1.0/24 of publicSubnetCidrs; give each subnet a block of its own'],
  ],
])("%s is an error naming the prop and the fix", (_, props, expected) => {
  expect(problems(props)).toEqual(expected);
});

test("every problem is reported at once, in the order of the props", () => {
  expect(
    problems({ cidr: "10.0.0.0/8", publicSubnetCidrs: ["10.0.1.0/24"], privateSubnetCidrs: ["10.0.101.0/24", "192.168.0.0/24"] }),
  ).toEqual([
    'cidr = "10.0.0.0/8": a VPC CIDR must be between /16 and /28; pick a prefix length in that range',
    'publicSubnetCidrs = ["10.0.1.0/24"]: give one CIDR per availability zone (2)',
    'privateSubnetCidrs = "192.168.0.0/24": lies outside the VPC 10.0.0.0/8; pick a block inside it',
  ]);
});

test("a bad layout makes no resource: the error comes before the first one", () => {
  const stack = new TerraformStack(testingApp(), "stack");
  expect(() => build({ publicSubnetCidrs: ["10.0.1.0/24"] }, stack)).toThrow(/publicSubnetCidrs/);
  expect(stack.node.tryFindChild("network")?.node.children ?? []).toEqual([]);
});

describe("values known only at apply (tokens)", () => {
  test("a CIDR from a variable is not judged at synth", () => {
    const stack = new TerraformStack(testingApp(), "stack");
    const cidr = new TerraformVariable(stack, "vpc_cidr", { type: "string" }).stringValue;
    expect(() => build({ cidr }, stack)).not.toThrow();
  });

  test("zones from a variable are an error: the subnets are named after them", () => {
    const stack = new TerraformStack(testingApp(), "stack");
    const zones = new TerraformVariable(stack, "zones", { type: "list(string)" });
    expect(() => build({ availabilityZones: [Fn.element(zones.listValue, 0), Fn.element(zones.listValue, 1)] }, stack)).toThrow(
      /availabilityZones = .*: the subnets are named after their zones, so give the zone names, not a value known only at apply/,
    );
  });
});

test("the configuration reports the same rules with its settings' names, and adds the fix only it has", () => {
  const configProblems = (settings: Record<string, unknown>) => {
    try {
      loadProjectConfig({ file: { environments: { prod: settings } } });
    } catch (e) {
      if (e instanceof ConfigError) return e.problems;
      throw e;
    }
    return [];
  };
  expect(configProblems({ privateSubnetCidrs: ["10.0.101.0/24", "10.0.0.0/22"] })).toEqual([
    'config/environments.json environments.prod.privateSubnetCidrs = "10.0.0.0/22": overlaps 10.0.1.0/24 of publicSubnetCidrs; give each subnet a block of its own',
  ]);
  expect(configProblems({ vpcCidr: "10.0.0.0/8", publicSubnetCidrs: ["10.0.1.0/24"] })).toEqual([
    'config/environments.json environments.prod.vpcCidr = "10.0.0.0/8": a VPC CIDR must be between /16 and /28; pick a prefix length in that range',
    'config/environments.json environments.prod.publicSubnetCidrs = ["10.0.1.0/24"]: give one CIDR per availability zone (2), or leave it out to derive it from vpcCidr',
  ]);
});
