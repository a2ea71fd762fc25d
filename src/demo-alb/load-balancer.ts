import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener, LbListenerDefaultAction } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { Construct } from "constructs";
import { ResourceNames } from "../config/names";

/**
 * The policy AWS recommends and its console picks (of 2025-09): TLS 1.3, and TLS 1.2 with AEAD
 * ciphers only, with hybrid post-quantum key exchange (ML-KEM) for clients that offer it and
 * classical ECDHE for the rest. Every browser and curl of the last decade connects; the 2021
 * policy's extra CBC and static-RSA ciphers serve only clients too old for the demo's audience. (The API's
 * default, ELBSecurityPolicy-2016-08, still allows TLS 1.0.)
 */
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09";

export interface DemoLoadBalancerProps {
  readonly vpcId: string;
  /** Public subnets, at least two zones. */
  readonly subnetIds: string[];
  readonly securityGroupId: string;
  readonly names: ResourceNames;
  /**
   * ACM certificate ARN: HTTP:80 then redirects to HTTPS:443. Without one, HTTP:80 forwards to the
   * pods in plain HTTP (the walkthrough's development mode). @default none
   */
  readonly certificateArn?: string;
  /** The port the API pods listen on: IP targets receive traffic and health checks on it. @default 80 */
  readonly targetPort?: number;
  /** Seconds an idle connection stays open. @default 60 */
  readonly idleTimeoutSeconds?: number;
  readonly healthCheck?: HealthCheckSettings;
}

/** The target group's health check; the defaults are the walkthrough's. */
export interface HealthCheckSettings {
  /** @default "/health" */
  readonly path?: string;
  /** @default 30 */
  readonly intervalSeconds?: number;
  /** @default 5 */
  readonly timeoutSeconds?: number;
  /** @default 2 */
  readonly healthyThreshold?: number;
  /** @default 2 */
  readonly unhealthyThreshold?: number;
}

/**
 * The demo's internet-facing ALB → IP target group (EKS pods) with `/health` checks;
 * with a certificate HTTP:80 redirects (301) to HTTPS:443; without one HTTP:80 forwards.
 */
export class DemoLoadBalancer extends Construct {
  readonly alb: Lb;
  readonly targetGroup: LbTargetGroup;
  /** "https" with a certificate, "http" without. */
  readonly scheme: "http" | "https";

  constructor(scope: Construct, id: string, props: DemoLoadBalancerProps) {
    super(scope, id);
    this.scheme = props.certificateArn ? "https" : "http";
    const health = props.healthCheck ?? {};
    this.alb = new Lb(this, "api_demo_alb", {
      name: props.names.alb,
      internal: false,
      loadBalancerType: "application",
      ipAddressType: "ipv4",
      subnets: props.subnetIds,
      securityGroups: [props.securityGroupId],
      dropInvalidHeaderFields: true,
      idleTimeout: props.idleTimeoutSeconds ?? 60,
      enableDeletionProtection: false, // destroyed after every demo
      tags: { Name: props.names.alb },
    });
    this.targetGroup = new LbTargetGroup(this, "eks_api_target_group", {
      name: props.names.targetGroup,
      targetType: "ip", // pod IPs, registered by the AWS Load Balancer Controller
      protocol: "HTTP",
      port: props.targetPort ?? 80,
      vpcId: props.vpcId,
      healthCheck: {
        enabled: true,
        protocol: "HTTP",
        path: health.path ?? "/health",
        port: "traffic-port", // the pod's port: a fixed 80 fails for pods on any other port
        healthyThreshold: health.healthyThreshold ?? 2,
        unhealthyThreshold: health.unhealthyThreshold ?? 2,
        timeout: health.timeoutSeconds ?? 5,
        interval: health.intervalSeconds ?? 30,
        matcher: "200",
      },
      tags: { Name: props.names.targetGroup },
    });

    const forward: LbListenerDefaultAction = { type: "forward", targetGroupArn: this.targetGroup.arn };
    const redirect: LbListenerDefaultAction = {
      type: "redirect",
      redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" },
    };
    new LbListener(this, "http_listener", {
      loadBalancerArn: this.alb.arn,
      protocol: "HTTP",
      port: 80,
      defaultAction: [props.certificateArn ? redirect : forward],
    });
    if (props.certificateArn) {
      new LbListener(this, "https_listener", {
        loadBalancerArn: this.alb.arn,
        protocol: "HTTPS",
        port: 443,
        certificateArn: props.certificateArn,
        sslPolicy: TLS_POLICY,
        defaultAction: [forward],
      });
    }
  }
}
