/**
 * What the reachability model needs of the demo-alb stack: the ALB's security group and subnets
 * (read from the network stack's outputs through remote state), whether it is internet-facing,
 * its listeners, and the target group's port and health check.
 */
import { StackJson, resourcesOf } from "../synthesized/stack-json";

export interface TargetGroupInfo {
  readonly address: string;
  readonly port: number;
  readonly healthPath: string;
  /** The port the health check uses: the target port itself ("traffic-port") or a number. */
  readonly healthPort: "traffic-port" | number;
}

export interface DemoAlbInfo {
  readonly address: string;
  readonly internetFacing: boolean;
  /** The ALB's first security group and its subnets, as written (often a remote-state output). */
  readonly securityGroup: unknown;
  readonly subnets: unknown;
  readonly listenerPorts: readonly number[];
  readonly targetGroup?: TargetGroupInfo;
}

export function readDemoAlb(stack: StackJson): DemoAlbInfo | undefined {
  const alb = resourcesOf(stack, "aws_lb")[0];
  if (!alb) return undefined;
  const tg = resourcesOf(stack, "aws_lb_target_group")[0];
  const health = tg?.body.health_check ?? {};
  const healthPort = String(health.port ?? "traffic-port");
  return {
    address: alb.address,
    internetFacing: alb.body.internal !== true,
    securityGroup: (alb.body.security_groups ?? [])[0],
    subnets: alb.body.subnets,
    listenerPorts: resourcesOf(stack, "aws_lb_listener").map((l) => Number(l.body.port)),
    targetGroup: tg && {
      address: tg.address,
      port: Number(tg.body.port),
      healthPath: String(health.path ?? "/"),
      healthPort: healthPort === "traffic-port" ? "traffic-port" : Number(healthPort),
    },
  };
}
