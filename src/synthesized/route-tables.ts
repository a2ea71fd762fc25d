/**
 * Route tables of a synthesized stack, and the one way every reader names a table: routes,
 * subnets' associations and gateway endpoints' `route_table_ids` all refer to tables by this key.
 */
import { labelOf, parseReference, resourcesOf, StackJson } from "./stack-json";

/** How a route table is named throughout: its address, `main:<vpc address>` for a VPC's main table, or the value as written. */
export function routeTableKey(value: unknown): string {
  const ref = parseReference(value);
  if (!ref) return String(value);
  return ref.type === "aws_vpc" ? `main:${ref.address}` : ref.address;
}

/** A route table the stack defines (`aws_route_table`), by address, with its label. */
export interface RouteTable {
  readonly address: string;
  readonly label: string;
}

export const routeTables = (stack: StackJson): RouteTable[] =>
  resourcesOf(stack, "aws_route_table").map((t) => ({ address: t.address, label: labelOf(t) }));
