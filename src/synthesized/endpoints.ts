/**
 * The VPC endpoints of a synthesized stack, read once for reachability, the diagram, verify, cost
 * and the endpoint-policy proof, with Terraform's defaults filled in where an argument is not written:
 * - `vpc_endpoint_type` defaults to `Gateway` (hashicorp/aws `aws_vpc_endpoint`), so an endpoint
 *   written without one is a gateway endpoint to every tool;
 * - `private_dns_enabled` defaults to false;
 * - no `policy` means AWS's full-access policy, left undefined here.
 * Types are matched without regard to case and named as AWS spells them, so `interface` and
 * `Interface` are one type; service names are read in both the global and the China spelling.
 */
import { routeTableKey } from "./route-tables";
import { groupKey } from "./security-group-rules";
import { AddressedResource, asList, labelOf, parseReference, resourcesOf, shortServiceName, StackJson } from "./stack-json";

export type EndpointType = "Interface" | "Gateway" | "GatewayLoadBalancer" | "Resource" | "ServiceNetwork";

const TYPES: readonly EndpointType[] = ["Interface", "Gateway", "GatewayLoadBalancer", "Resource", "ServiceNetwork"];

export interface VpcEndpoint {
  readonly address: string;
  /** Its `Name` tag, else its Terraform name: what a picture labels it with. */
  readonly label: string;
  /** The service name as written, e.g. `com.amazonaws.ap-southeast-1.ecr.api`. */
  readonly serviceName: string;
  /** The short service name, e.g. `ecr.api`, whichever spelling (`com.amazonaws.` or `cn.com.amazonaws.`) wrote it. */
  readonly service: string;
  /** AWS's spelling of the type; a type Terraform does not know is kept as written. */
  readonly type: EndpointType | string;
  readonly privateDns: boolean;
  /** Subnet addresses (interface endpoints). */
  readonly subnets: readonly string[];
  /** Security groups, by `groupKey` (interface endpoints). */
  readonly groups: readonly string[];
  /** Route tables, by `routeTableKey` (gateway endpoints add their prefix-list route to each). */
  readonly routeTables: readonly string[];
  /** The endpoint policy as synthesized (a JSON string); undefined: AWS's full-access default. */
  readonly policy?: string;
}

/** Terraform's default for a missing type, and AWS's spelling for any case of a known one. */
export function endpointTypeOf(value: unknown): EndpointType | string {
  if (value === undefined || value === null) return "Gateway";
  const written = String(value);
  return TYPES.find((t) => t.toLowerCase() === written.toLowerCase()) ?? written;
}

const addressOf = (value: unknown) => parseReference(value)?.address ?? String(value);

function endpoint(e: AddressedResource): VpcEndpoint {
  const serviceName = String(e.body.service_name);
  return {
    address: e.address,
    label: labelOf(e),
    serviceName,
    // AWS names its services in lower case; a name written otherwise still means the same service to every tool.
    service: shortServiceName(serviceName.toLowerCase()),
    type: endpointTypeOf(e.body.vpc_endpoint_type),
    privateDns: e.body.private_dns_enabled === true,
    subnets: asList(e.body.subnet_ids).map(addressOf),
    groups: asList(e.body.security_group_ids).map(groupKey),
    routeTables: asList(e.body.route_table_ids).map(routeTableKey),
    ...(typeof e.body.policy === "string" ? { policy: e.body.policy } : {}),
  };
}

/** Every VPC endpoint of the stack, in address order. */
export function vpcEndpoints(stack: StackJson): VpcEndpoint[] {
  return resourcesOf(stack, "aws_vpc_endpoint").map(endpoint);
}

/** The endpoint a value (e.g. a rule's `${aws_vpc_endpoint.s3.prefix_list_id}`) refers to, if it is one of `endpoints`. */
export function endpointReferredBy(endpoints: readonly VpcEndpoint[], value: unknown): VpcEndpoint | undefined {
  const address = parseReference(value)?.address;
  return endpoints.find((e) => e.address === address);
}
