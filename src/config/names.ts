import { EnvironmentConfig } from "./types";

/**
 * Every AWS name of an environment, derived from its prefix. With the default prefix these are
 * exactly the walkthrough's names, which its data sources look up by `Name` tag (docs/design.md#51-data-sources).
 */
export function resourceNames(env: Pick<EnvironmentConfig, "namePrefix">) {
  const p = env.namePrefix;
  const vpc = `${p}-retail-forecast-hybrid-vpc`;
  return {
    vpc,
    publicSubnet: (az: string) => `${p}-hybrid-public-alb-${az}`,
    privateSubnet: (az: string) => `${p}-eks-private-workloads-${az}`,
    internetGateway: `${p}-hybrid-igw`,
    natGateway: `${p}-hybrid-nat-gateway`,
    natGatewayEip: `${p}-hybrid-nat-gateway-eip`,
    publicRouteTable: `${p}-hybrid-public-alb-rt`,
    privateRouteTable: `${p}-hybrid-private-workloads-rt`,
    securityGroups: {
      alb: `${p}-hybrid-alb-sg`,
      eksNodes: `${p}-hybrid-eks-nodes-sg`,
      eksControlPlane: `${p}-hybrid-eks-control-plane-sg`,
      vpcEndpoints: `${p}-hybrid-vpc-endpoints-sg`,
    },
    defaultSecurityGroup: `${p}-hybrid-default-sg-no-rules`,
    s3GatewayEndpoint: `${p}-hybrid-s3-gateway-endpoint`,
    /** `service` is the endpoint's short service name, e.g. "ecr.api" → `<p>-hybrid-ecr-api-endpoint`. */
    interfaceEndpoint: (service: string) => `${p}-hybrid-${service.replace(/\./g, "-")}-endpoint`,
    flowLog: `${p}-hybrid-vpc-flow-log`,
    flowLogGroup: `/aws/vpc-flow-logs/${vpc}`,
    flowLogRole: `${p}-hybrid-vpc-flow-logs-role`,
    alb: `${p}-hybrid-api-demo-alb`,
    targetGroup: `${p}-hybrid-eks-api-tg`,
    costAlarm: `${p}-hybrid-vpc-endpoints-cost-alert`,
    costAlarmTopic: `${p}-hybrid-cost-alerts`,
  };
}

export type ResourceNames = ReturnType<typeof resourceNames>;

/** The default tags every resource of an environment gets, before the `tags` setting's. */
export function builtInTags(envName: string): Record<string, string> {
  return { project: "mlops-retail-forecast", environment: envName, "managed-by": "cdktf" };
}
export const BUILT_IN_TAG_KEYS = Object.keys(builtInTags(""));

/** Stack names: the default environment's are the plain `network` / `demo-alb`. */
export function stackNames(envName: string, isDefault: boolean) {
  const suffix = isDefault ? "" : `-${envName}`;
  return { network: `network${suffix}`, demoAlb: `demo-alb${suffix}` };
}
