import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Token } from "cdktn";
import { Construct } from "constructs";
import { ResourceNames } from "../config/names";
import { KnownLayout, VpcLayout, vpcLayoutProblems } from "../config/vpc-layout";

/** What the rest of the network (and its consumers) need to know of the VPC. */
export interface ITwoTierVpc {
  readonly vpcId: string;
  readonly cidrBlock: string;
  /** One per availability zone, in zone order. */
  readonly publicSubnetIds: string[];
  /** One per availability zone, in zone order. */
  readonly privateSubnetIds: string[];
  readonly privateRouteTableId: string;
}

/** The layout (checked when the construct is made: see `VpcLayout` for the rules), names and options. */
export interface TwoTierVpcProps extends VpcLayout {
  readonly names: ResourceNames;
  /** Added to every public subnet's tags (load balancer discovery). @default {} */
  readonly publicSubnetTags?: Record<string, string>;
  /** Added to every private subnet's tags. @default {} */
  readonly privateSubnetTags?: Record<string, string>;
  /**
   * How the private subnets reach beyond the VPC: only through VPC endpoints (the walkthrough's design), or also
   * through one NAT gateway in the first public subnet. @default "vpc-endpoints"
   */
  readonly egress?: "vpc-endpoints" | "nat-gateway";
  /** `prevent_destroy` on the VPC and subnets: the EKS cluster lives in them. @default false (the stacks pass the `protect` setting, on by default) */
  readonly protect?: boolean;
}

interface Tier {
  readonly key: "public" | "private";
  readonly cidrs: readonly string[];
  readonly name: (az: string) => string;
  readonly publicIps: boolean;
  readonly tags: Record<string, string>;
  readonly routeTable: RouteTable;
}

/**
 * A VPC of two tiers, a public and a private subnet in each zone, for every environment (the
 * walkthrough's VPC, docs/design.md#1-hybrid-vpc-setup): public subnets for the ALB only, routed to an internet gateway;
 * private subnets for EKS with a route table that has nothing but the local route (AWS services
 * are reached through VPC endpoints), or a route to one NAT gateway when egress is "nat-gateway".
 * The default security group is emptied.
 */
export class TwoTierVpc extends Construct implements ITwoTierVpc {
  readonly vpcId: string;
  readonly cidrBlock: string;
  readonly publicSubnetIds: string[];
  readonly privateSubnetIds: string[];
  readonly privateRouteTableId: string;
  /** The account that owns the VPC: this stack's account, without a data source that calls AWS. */
  readonly vpcOwnerId: string;

  constructor(scope: Construct, id: string, props: TwoTierVpcProps) {
    super(scope, id);
    checkLayout(this, props);
    const { names } = props;
    const lifecycle = { preventDestroy: props.protect ?? false };
    const vpc = new Vpc(this, "vpc", {
      lifecycle,
      cidrBlock: props.cidr,
      enableDnsHostnames: true, // interface endpoints' private DNS needs both DNS settings
      enableDnsSupport: true,
      instanceTenancy: "default",
      tags: { Name: names.vpc },
    });
    this.vpcId = vpc.id;
    this.cidrBlock = vpc.cidrBlock;

    // Emptied so nothing that lands in the default group by accident gets any traffic.
    new DefaultSecurityGroup(this, "default_security_group", {
      vpcId: vpc.id,
      tags: { Name: names.defaultSecurityGroup },
    });

    const igw = new InternetGateway(this, "internet_gateway", { vpcId: vpc.id, tags: { Name: names.internetGateway } });
    const publicRouteTable = new RouteTable(this, "public_route_table", { vpcId: vpc.id, tags: { Name: names.publicRouteTable } });
    new Route(this, "public_internet_route", {
      routeTableId: publicRouteTable.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: igw.id,
    });
    const privateRouteTable = new RouteTable(this, "private_route_table", { vpcId: vpc.id, tags: { Name: names.privateRouteTable } });
    this.privateRouteTableId = privateRouteTable.id;

    const tiers: Tier[] = [
      // Public IPs on launch: the walkthrough asks it of the ALB subnets (docs/design.md#16-auto-assign-public-ipv4-on-the-alb-subnets).
      {
        key: "public",
        cidrs: props.publicSubnetCidrs,
        name: names.publicSubnet,
        publicIps: true,
        tags: props.publicSubnetTags ?? {},
        routeTable: publicRouteTable,
      },
      {
        key: "private",
        cidrs: props.privateSubnetCidrs,
        name: names.privateSubnet,
        publicIps: false,
        tags: props.privateSubnetTags ?? {},
        routeTable: privateRouteTable,
      },
    ];
    const [publicIds, privateIds] = tiers.map((tier) =>
      props.availabilityZones.map((az, i) => {
        const subnet = new Subnet(this, `${tier.key}_subnet_${az}`, {
          vpcId: vpc.id,
          availabilityZone: az,
          cidrBlock: tier.cidrs[i],
          mapPublicIpOnLaunch: tier.publicIps,
          lifecycle,
          tags: { Name: tier.name(az), ...tier.tags },
        });
        new RouteTableAssociation(this, `${tier.key}_subnet_${az}_route_table`, {
          subnetId: subnet.id,
          routeTableId: tier.routeTable.id,
        });
        return subnet.id;
      }),
    );
    this.publicSubnetIds = publicIds;
    this.privateSubnetIds = privateIds;
    this.vpcOwnerId = vpc.ownerId;

    if (props.egress === "nat-gateway") {
      // One NAT, not one per AZ: the cheaper of the NAT designs (see the cost report). NAT egress
      // has no interface endpoints by default (only the S3 gateway), so an outage of the first
      // zone cuts the private subnets off the AWS APIs too, not just the internet; and the other
      // zones' traffic crosses into the first zone, which is billed (npm run cost).
      const eip = new Eip(this, "nat_gateway_eip", { domain: "vpc", tags: { Name: names.natGatewayEip } });
      const nat = new NatGateway(this, "nat_gateway", {
        allocationId: eip.allocationId,
        subnetId: publicIds[0],
        connectivityType: "public",
        tags: { Name: names.natGateway },
        dependsOn: [igw],
      });
      new Route(this, "private_nat_route", {
        routeTableId: privateRouteTable.id,
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: nat.id,
      });
    }
  }
}

/**
 * Throws, before any resource is made, when the layout breaks a rule of `vpcLayoutProblems` (the
 * configuration checks the same rules with its settings' names). A value only known at apply (a
 * token) is not checked, except the zones: the subnets are named after them.
 */
function checkLayout(vpc: Construct, props: VpcLayout) {
  const known = (value: string) => (Token.isUnresolved(value) ? undefined : value);
  const knownList = (list: readonly string[]) => (Token.isUnresolved(list) ? undefined : list.map(known));
  const zonesUnknown = Token.isUnresolved(props.availabilityZones) || props.availabilityZones.some((az) => Token.isUnresolved(az));
  const problems = zonesUnknown
    ? [
        {
          input: "availabilityZones",
          value: props.availabilityZones,
          fix: "the subnets are named after their zones, so give the zone names, not a value known only at apply",
        },
      ]
    : vpcLayoutProblems({
        cidr: known(props.cidr),
        availabilityZones: props.availabilityZones,
        publicSubnetCidrs: knownList(props.publicSubnetCidrs),
        privateSubnetCidrs: knownList(props.privateSubnetCidrs),
      } satisfies KnownLayout);
  if (problems.length === 0) return;
  throw new Error(
    `TwoTierVpc ${vpc.node.path}: invalid props:\n${problems.map((p) => `  - ${p.input} = ${JSON.stringify(p.value)}: ${p.fix}`).join("\n")}`,
  );
}
