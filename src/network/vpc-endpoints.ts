import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Construct } from "constructs";
import { EndpointService } from "../config/endpoint-catalog";
import { ResourceNames } from "../config/names";

export interface VpcEndpointsProps {
  readonly vpcId: string;
  readonly region: string;
  /** Route tables that get the S3 gateway route: the private one only (the ALB needs no S3). */
  readonly gatewayRouteTableIds: string[];
  /** Subnets that get an interface endpoint ENI each: the private ones. */
  readonly interfaceSubnetIds: string[];
  readonly securityGroupId: string;
  readonly interfaceServices: readonly EndpointService[];
  readonly names: ResourceNames;
  /** Policy document of the S3 endpoint . @default AWS's full-access policy */
  readonly s3Policy?: object;
}

/** The free S3 gateway endpoint and one interface endpoint per service (docs/design.md, "Endpoints"). */
export class VpcEndpoints extends Construct {
  readonly s3: VpcEndpoint;
  /** By short service name, e.g. "ecr.api". */
  readonly interfaceEndpoints: ReadonlyMap<string, VpcEndpoint>;

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    const serviceName = (service: string) => `com.amazonaws.${props.region}.${service}`;
    this.s3 = new VpcEndpoint(this, "s3_gateway_endpoint", {
      vpcId: props.vpcId,
      serviceName: serviceName("s3"),
      vpcEndpointType: "Gateway",
      routeTableIds: props.gatewayRouteTableIds,
      // A JSON string with references inside: the policy suite and reviewers read it as JSON.
      policy: props.s3Policy ? JSON.stringify(props.s3Policy) : undefined,
      tags: { Name: props.names.s3GatewayEndpoint },
    });
    this.interfaceEndpoints = new Map(
      props.interfaceServices.map(({ service }) => [
        service,
        new VpcEndpoint(this, `${service.replace(/[.-]/g, "_")}_endpoint`, {
          vpcId: props.vpcId,
          serviceName: serviceName(service),
          vpcEndpointType: "Interface",
          subnetIds: props.interfaceSubnetIds,
          securityGroupIds: [props.securityGroupId],
          privateDnsEnabled: true,
          tags: { Name: props.names.interfaceEndpoint(service) },
        }),
      ]),
    );
  }
}
