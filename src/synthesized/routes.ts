/**
 * Every route of a synthesized stack, whichever way Terraform wrote it: `aws_route` resources and
 * inline `route` blocks of `aws_route_table` / `aws_default_route_table`. The diagram, the
 * reachability model and the policy suite each classify the targets their own way.
 */
import { asList, reference, resourcesOf, ResourceBody, StackJson } from "./stack-json";

export interface WrittenRoute {
  /** The `aws_route`, or the route table that holds an inline block. */
  readonly address: string;
  /** `route[0]` for an inline block, else undefined. */
  readonly block?: string;
  /** The table as a reference: `route_table_id`, the holder's own id, or a default table's `default_route_table_id`. */
  readonly tableReference: unknown;
  /** The destination CIDR (IPv4 or IPv6) or prefix list; "" when none is written. */
  readonly destination: string;
  /** The route's arguments as written: its target is one of them. */
  readonly body: ResourceBody;
}

const destination = (body: ResourceBody) =>
  String(
    body.destination_cidr_block ??
      body.cidr_block ??
      body.destination_ipv6_cidr_block ??
      body.ipv6_cidr_block ??
      body.destination_prefix_list_id ??
      "",
  );

/** Every route of the stack: the `aws_route`s first, then the inline blocks, each by address. */
export function writtenRoutes(stack: StackJson): WrittenRoute[] {
  const standalone = resourcesOf(stack, "aws_route").map((r) => ({
    address: r.address,
    tableReference: r.body.route_table_id,
    destination: destination(r.body),
    body: r.body,
  }));
  const inline = ["aws_route_table", "aws_default_route_table"].flatMap((type) =>
    resourcesOf(stack, type).flatMap((t) =>
      asList(t.body.route).map((block, i) => ({
        address: t.address,
        block: `route[${i}]`,
        tableReference: type === "aws_default_route_table" ? t.body.default_route_table_id : reference(t.address),
        destination: destination(block as ResourceBody),
        body: block as ResourceBody,
      })),
    ),
  );
  return [...standalone, ...inline];
}
