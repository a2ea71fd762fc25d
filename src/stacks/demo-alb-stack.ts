import { Annotations, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { resourceNames } from "../config/names";
import { arn } from "../aws/partition";
import { EnvironmentConfig } from "../config/types";
import { DemoLoadBalancer } from "../demo-alb/load-balancer";
import { remoteStackState } from "./state-backend";
import { EnvironmentStack } from "./environment-stack";

export interface DemoAlbStackProps {
  readonly env: EnvironmentConfig;
  /** The network stack of the same environment, whose outputs this stack reads. */
  readonly networkStackName: string;
}

/**
 * The on-demand demo ALB. It reads the network only through the network stack's public outputs
 * (remote state), so deploying or destroying it can never change the network.
 */
export class DemoAlbStack extends EnvironmentStack {
  constructor(scope: Construct, id: string, props: DemoAlbStackProps) {
    super(scope, id, props.env);
    const { env } = props;
    const network = remoteStackState(this, "network", env.state, props.networkStackName, env.region);

    const demo = new DemoLoadBalancer(this, "demo", {
      vpcId: network.getString("vpc_id"),
      subnetIds: network.getList("public_alb_subnet_ids"),
      securityGroupId: network.getString("alb_security_group_id"),
      names: resourceNames(env),
      certificateArn: env.certificateArn || undefined,
      targetPort: env.apiTargetPort,
      idleTimeoutSeconds: env.albIdleTimeoutSeconds,
      healthCheck: {
        path: env.healthCheckPath,
        intervalSeconds: env.healthCheckIntervalSeconds,
        timeoutSeconds: env.healthCheckTimeoutSeconds,
        healthyThreshold: env.healthCheckHealthyThreshold,
        unhealthyThreshold: env.healthCheckUnhealthyThreshold,
      },
    });
    if (!env.certificateArn) {
      // Variables apply to the environment MLOPS_ENV selects, so the command names it.
      Annotations.of(this).addWarning(
        `No certificate for environment ${env.name}, so the demo ALB serves plain HTTP on port 80 and has no HTTPS listener. ` +
          `For HTTPS, set environments.${env.name}.certificateArn in the configuration file, or run: ` +
          `MLOPS_ENV=${env.name} CERTIFICATE_ARN=${arn(env.region, { service: "acm", region: env.region, account: "<account>", resource: "certificate/<id>" })} npx cdktf deploy ${id}`,
      );
    }

    const base = `${demo.scheme}://${demo.alb.dnsName}`;
    const outputs = {
      alb_arn: { value: demo.alb.arn, description: "ALB ARN for API demo" },
      alb_dns_name: { value: demo.alb.dnsName, description: "ALB DNS name for public API access" },
      alb_zone_id: { value: demo.alb.zoneId, description: "ALB Zone ID for Route53 integration" },
      eks_api_target_group_arn: { value: demo.targetGroup.arn, description: "Target group ARN for EKS API pods" },
      api_demo_config: {
        value: { public_endpoint: base, health_check: `${base}${env.healthCheckPath}`, predict_endpoint: `${base}/predict` },
        description: "Configuration for API demo",
      },
    };
    for (const [name, output] of Object.entries(outputs)) {
      new TerraformOutput(this, name, output);
    }
  }
}
