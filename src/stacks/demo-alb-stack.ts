import { Annotations, TerraformOutput } from "cdktn";
import { isSelectedEnvironment } from "./selected-environment";
import { Construct } from "constructs";
import { resourceNames } from "../config/names";
import { EnvironmentConfig } from "../config/types";
import { DEMO_CERTIFICATE_OUTPUT } from "../demo-alb/certificate";
import { DemoDomainAlias } from "../demo-alb/domain-alias";
import { DemoLoadBalancer } from "../demo-alb/load-balancer";
import { checkNetworkState } from "./network-state-check";
import { networkOutputsOf } from "./network-outputs";
import { localStateFileName, localStatePath, remoteStackState } from "./state-backend";
import { EnvironmentStack } from "./environment-stack";

export interface DemoAlbStackProps {
  readonly env: EnvironmentConfig;
  /** The network stack of the same environment, whose outputs this stack reads. */
  readonly networkStackName: string;
}

/** The network outputs the demo is built on. */
const NETWORK_INPUTS = ["vpc_id", "public_alb_subnet_ids", "alb_security_group_id"] as const;

/** What port 80 does in each mode, for the outputs: the HTTP-only mode forwards, HTTPS redirects. */
const HTTP_LISTENER = {
  http: "forwards to the API pods in plain HTTP, no TLS",
  https: "redirects (301) to HTTPS on 443",
} as const;

/**
 * The on-demand demo ALB. It reads the network only through the network stack's public outputs
 * (remote state), so deploying or destroying it can never change the network. With
 * `demoDomainName` it serves HTTPS on that name, with the certificate the network stack keeps for
 * it and an alias record of its own; with `certificateArn`, HTTPS with a certificate made
 * elsewhere; with neither, plain HTTP.
 */
export class DemoAlbStack extends EnvironmentStack {
  constructor(scope: Construct, id: string, props: DemoAlbStackProps) {
    super(scope, id, props.env);
    const { env, networkStackName } = props;
    const remote = remoteStackState(this, "network", env.state, networkStackName, env.region);
    const network = networkOutputsOf(remote);
    const domain = env.demoDomainName || undefined;
    checkNetworkState(this, remote, {
      networkStackName,
      outputs: NETWORK_INPUTS,
      localState:
        env.state.backend === "local"
          ? { path: localStatePath(networkStackName), label: `${localStateFileName(networkStackName)} at the project root` }
          : undefined,
      certificate: domain ? { output: DEMO_CERTIFICATE_OUTPUT, domainName: domain } : undefined,
    });

    const demo = new DemoLoadBalancer(this, "demo", {
      vpcId: network.getString("vpc_id"),
      subnetIds: network.getList("public_alb_subnet_ids"),
      securityGroupId: network.getString("alb_security_group_id"),
      names: resourceNames(env),
      certificateArn: domain ? network.getString(`${DEMO_CERTIFICATE_OUTPUT}.arn`) : env.certificateArn || undefined,
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
    if (domain) {
      new DemoDomainAlias(this, "domain", {
        domainName: domain,
        hostedZoneId: env.demoHostedZoneId,
        albDnsName: demo.alb.dnsName,
        albZoneId: demo.alb.zoneId,
      });
    }
    const selected = isSelectedEnvironment(this, env.name);
    if (selected && demo.scheme === "http") {
      // The CLI prints every stack's warnings on every command (deploy network, output, destroy), so
      // one short line: the two variables that give HTTPS (they apply to the environment MLOPS_ENV
      // selects, the only one warned about) and where the steps are.
      Annotations.of(this).addWarning(
        `No certificate for ${env.name}: the demo ALB serves plain HTTP. HTTPS: set MLOPS_DEMO_DOMAIN_NAME and MLOPS_DEMO_HOSTED_ZONE_ID (docs/demo.md)`,
      );
    } else if (selected && !domain) {
      Annotations.of(this).addWarning(
        `certificateArn is set for environment ${env.name}, so api_demo_config prints https:// on the ALB's own name, which no ACM certificate covers: ` +
          `browsers and curl accept it only on the certificate's name, pointed at alb_dns_name in your DNS. ` +
          `For a name this project points at the ALB, use demoDomainName and demoHostedZoneId instead.`,
      );
    }

    const base = `${demo.scheme}://${domain ?? demo.alb.dnsName}`;
    const mode = domain ? `HTTPS on ${domain}` : demo.scheme === "https" ? "HTTPS with certificateArn" : "HTTP only";
    const outputs = {
      alb_arn: { value: demo.alb.arn, description: "ALB ARN for API demo" },
      alb_dns_name: { value: demo.alb.dnsName, description: "ALB DNS name for public API access" },
      alb_zone_id: { value: demo.alb.zoneId, description: "ALB Zone ID for Route53 integration" },
      eks_api_target_group_arn: { value: demo.targetGroup.arn, description: "Target group ARN for EKS API pods" },
      api_demo_config: {
        value: {
          public_endpoint: base,
          health_check: `${base}${env.healthCheckPath}`,
          predict_endpoint: `${base}/predict`,
          http_port_80: HTTP_LISTENER[demo.scheme],
        },
        description: `Configuration for API demo (${mode})`,
      },
      demo_url: { value: base, description: `The demo's base URL (${mode}; port 80 ${HTTP_LISTENER[demo.scheme]})` },
    };
    for (const [name, output] of Object.entries(outputs)) {
      new TerraformOutput(this, name, output);
    }
  }
}
