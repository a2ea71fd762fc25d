/**
 * The vocabulary of the reachability model: where traffic starts, where it goes, and the chain of
 * reasons that lets it through or stops it.
 */

/** Places in or around the VPC that traffic starts from or goes to. */
export const PLACES = ["internet", "alb", "node", "control-plane"] as const;
export type Place = (typeof PLACES)[number];

/** A TCP port, or "all": every protocol and port (what a `-1` rule allows). */
export type Port = number | "all";

/** Where traffic goes: a place on a port, or an AWS service by short name (`ec2`, `ecr.api`, `s3`). */
export type Destination = { readonly place: Place; readonly port: Port } | { readonly service: string };

/** The links of the chain, in the order a packet meets them (`registry`: where an image pull is sent). */
export type Stage = "registry" | "route" | "public-ip" | "dns" | "endpoint" | "sg-egress" | "sg-ingress";

export interface Step {
  readonly stage: Stage;
  readonly ok: boolean;
  readonly reason: string;
}

export interface ReachVerdict {
  readonly reachable: boolean;
  /** Every link checked, in order; when blocked, the failing ones say what is missing. */
  readonly steps: readonly Step[];
  /** Facts that are not checks (stateful replies, the DNS resolver). */
  readonly notes: readonly string[];
  /** The way taken when it is not the plain chain, e.g. `through NAT gateway aws_nat_gateway.nat`. */
  readonly via?: string;
}

export function describePort(port: Port): string {
  return port === "all" ? "all traffic" : `TCP ${port}`;
}

export function describeDestination(d: Destination): string {
  return "service" in d ? d.service : `${d.place}${d.port === "all" ? " (all traffic)" : `:${d.port}`}`;
}
