/**
 * The load balancers of a synthesized stack with their listeners and target groups, read once for
 * reachability, the diagram, verify and cost, with Terraform's defaults where nothing is written:
 * an `aws_lb` is internet-facing unless `internal`, a target group's targets are instances, and its
 * health check asks `/` on the traffic port.
 */
import { AddressedResource, asList, blockList, labelOf, parseReference, resourcesOf, ResourceBody, StackJson } from "./stack-json";

export interface Listener {
  readonly address: string;
  readonly protocol: string;
  readonly port: number;
  /** The first default action's type (`forward`, `redirect`, ...) and, for a redirect, where to. */
  readonly action?: { readonly type: string; readonly redirect?: { readonly protocol?: string; readonly port?: string } };
  /** Target groups its default actions forward to, by address. */
  readonly forwardsTo: readonly string[];
}

export interface TargetGroup {
  readonly address: string;
  /** Its AWS name (`name`). */
  readonly name: string;
  readonly label: string;
  readonly protocol: string;
  readonly port: number;
  readonly targetType: string;
  /** The health check's path as written; undefined when none is written (AWS then asks `/`). */
  readonly healthPathWritten?: string;
  readonly healthPath: string;
  /** The port the health check uses: the target port itself ("traffic-port") or a number. */
  readonly healthPort: "traffic-port" | number;
}

export interface LoadBalancer {
  readonly address: string;
  /** Its AWS name (`name`). */
  readonly name: string;
  readonly label: string;
  readonly internetFacing: boolean;
  /** Security groups and subnets as written: often the network stack's outputs read through remote state. */
  readonly securityGroups: readonly unknown[];
  readonly subnets: unknown;
  /** The listeners attached to it (by `load_balancer_arn`), in address order. */
  readonly listeners: readonly Listener[];
  /** The target group its listeners forward to, else the stack's first. */
  readonly targetGroup?: TargetGroup;
}

function listener(l: AddressedResource): Listener {
  const actions = blockList(l.body.default_action);
  const first = actions[0] as ResourceBody | undefined;
  return {
    address: l.address,
    protocol: String(l.body.protocol),
    port: Number(l.body.port),
    action: first && { type: String(first.type), ...(first.redirect ? { redirect: first.redirect } : {}) },
    forwardsTo: actions.map((a) => parseReference(a.target_group_arn)?.address).filter((a): a is string => a !== undefined),
  };
}

function targetGroup(t: AddressedResource): TargetGroup {
  const health = blockList(t.body.health_check)[0] ?? {};
  const healthPort = String(health.port ?? "traffic-port");
  return {
    address: t.address,
    name: String(t.body.name),
    label: labelOf(t),
    protocol: String(t.body.protocol),
    port: Number(t.body.port),
    targetType: String(t.body.target_type ?? "instance"),
    ...(health.path === undefined ? {} : { healthPathWritten: String(health.path) }),
    healthPath: String(health.path ?? "/"),
    healthPort: healthPort === "traffic-port" ? "traffic-port" : Number(healthPort),
  };
}

/** Every `aws_lb` of the stack with what is attached to it, in address order. */
export function loadBalancers(stack: StackJson): LoadBalancer[] {
  const listeners = resourcesOf(stack, "aws_lb_listener");
  const targetGroups = resourcesOf(stack, "aws_lb_target_group").map(targetGroup);
  return resourcesOf(stack, "aws_lb").map((lb) => {
    const own = listeners.filter((l) => parseReference(l.body.load_balancer_arn)?.address === lb.address).map(listener);
    const forwarded = own.flatMap((l) => l.forwardsTo);
    return {
      address: lb.address,
      name: String(lb.body.name),
      label: labelOf(lb),
      internetFacing: lb.body.internal !== true,
      securityGroups: asList(lb.body.security_groups),
      subnets: lb.body.subnets,
      listeners: own,
      targetGroup: targetGroups.find((t) => forwarded.includes(t.address)) ?? targetGroups[0],
    };
  });
}
