import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Construct } from "constructs";
import { EndpointKind, EndpointServiceName } from "../aws/endpoint-service-names";
import { EndpointService, fullServiceName } from "../config/endpoint-catalog";
import { ResourceNames } from "../config/names";
import { interfaceEndpointPolicy } from "./interface-endpoint-policy";
import { ITwoTierVpc } from "./vpc";

export interface VpcEndpointsProps {
  /**
   * The VPC whose private side the endpoints serve: the S3 gateway route goes into its private
   * route table only (the ALB needs no S3), and each interface endpoint gets an ENI in each of its
   * private subnets.
   */
  readonly vpc: ITwoTierVpc;
  readonly region: string;
  /** The interface endpoints' group. Needed when there is an interface service. */
  readonly securityGroupId?: string;
  readonly interfaceServices: readonly EndpointService[];
  readonly names: ResourceNames;
  /** Policy document of the S3 endpoint. @default none: AWS's full-access policy (the stack always passes one) */
  readonly s3Policy?: object;
  /** This account's id (a reference resolved at apply time): the interface endpoint policies admit it. */
  readonly accountId: string;
  /**
   * Interface services whose endpoint keeps AWS's full-access policy (the `openEndpointPolicies`
   * setting). @default none: every interface endpoint gets the data-perimeter policy
   */
  readonly openPolicies?: readonly EndpointServiceName[];
}

/** The free S3 gateway endpoint and one interface endpoint per service (docs/design.md#endpoints). */
export class VpcEndpoints extends Construct {
  readonly s3: VpcEndpoint;
  /** By service. */
  readonly interfaceEndpoints: ReadonlyMap<EndpointServiceName, VpcEndpoint>;

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    const serviceName = (service: EndpointServiceName, kind: EndpointKind = "Interface") => fullServiceName(props.region, service, kind);
    if (props.interfaceServices.length > 0 && !props.securityGroupId) {
      throw new Error(`VpcEndpoints ${id}: interface endpoints need securityGroupId (the endpoints security group)`);
    }
    this.s3 = new VpcEndpoint(this, "s3_gateway_endpoint", {
      vpcId: props.vpc.vpcId,
      serviceName: serviceName(EndpointServiceName.S3, "Gateway"),
      vpcEndpointType: "Gateway",
      routeTableIds: [props.vpc.privateRouteTableId],
      // A JSON string with references inside: checkov and reviewers read it as JSON.
      policy: props.s3Policy ? JSON.stringify(props.s3Policy) : undefined,
      tags: { Name: props.names.s3GatewayEndpoint },
    });
    this.interfaceEndpoints = new Map(
      props.interfaceServices.map(({ service }) => [
        service,
        new VpcEndpoint(this, `${service.replace(/[.-]/g, "_")}_endpoint`, {
          vpcId: props.vpc.vpcId,
          serviceName: serviceName(service),
          vpcEndpointType: "Interface",
          subnetIds: props.vpc.privateSubnetIds,
          securityGroupIds: [props.securityGroupId!],
          privateDnsEnabled: true,
          policy: props.openPolicies?.includes(service)
            ? undefined
            : JSON.stringify(interfaceEndpointPolicy(service, { region: props.region, accountId: props.accountId })),
          tags: { Name: props.names.interfaceEndpoint(service) },
        }),
      ]),
    );
  }
}
