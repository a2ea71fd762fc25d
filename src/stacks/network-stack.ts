import { TerraformOutput, Token } from "cdktn";
import { Construct } from "constructs";
import { EndpointServiceName } from "../aws/endpoint-service-names";
import { interfaceServices, SAGEMAKER_RUNTIME_ENDPOINT } from "../config/endpoint-catalog";
import { resourceNames } from "../config/names";
import { EnvironmentConfig } from "../config/types";
import { DemoCertificate } from "../demo-alb/certificate";
import { ECR_PUBLIC_CACHE } from "../eks/cluster-requirements";
import { VpcCostAlarm } from "../network/cost-alarm";
import { EcrPullThroughCache } from "../network/ecr-pull-through-cache";
import { VpcFlowLogs } from "../network/flow-logs";
import { s3EndpointPolicy } from "../network/s3-endpoint-policy";
import { SecurityGroupRules } from "../network/security-group-rules";
import { SecurityGroups } from "../network/security-groups";
import { VpcEndpoints } from "../network/vpc-endpoints";
import { TwoTierVpc } from "../network/vpc";
import { importAdopted, readAdoption } from "./adoption";
import { EnvironmentStack, allowedAccountIds, defaultTags } from "./environment-stack";
import { NETWORK_OUTPUTS, NetworkOutputName } from "./network-outputs";

/**
 * The production network: Internet → IGW → public subnets (ALB) | private subnets (EKS) →
 * VPC endpoints (S3 gateway, ECR, Logs and what the cluster needs), guarded by four layered
 * security groups, watched by flow logs. No NAT gateway unless egress is "nat-gateway". Its
 * outputs are the public contract read by the EKS step.
 */
export class NetworkStack extends EnvironmentStack {
  constructor(scope: Construct, id: string, env: EnvironmentConfig) {
    super(scope, id, env);
    const names = resourceNames(env);

    const vpc = new TwoTierVpc(this, "network", {
      cidr: env.vpcCidr,
      availabilityZones: env.availabilityZones,
      publicSubnetCidrs: env.publicSubnetCidrs,
      privateSubnetCidrs: env.privateSubnetCidrs,
      names,
      egress: env.egress,
      protect: env.protect,
      ...eksSubnetTags(env),
    });

    const services = interfaceServices(env);
    const groups = new SecurityGroups(this, "security_groups", {
      vpcId: vpc.vpcId,
      names,
      protect: env.protect,
      endpointsGroup: services.length > 0,
    });

    const endpoints = new VpcEndpoints(this, "endpoints", {
      vpc,
      region: env.region,
      securityGroupId: groups.ids.vpcEndpoints,
      interfaceServices: services,
      names,
      accountId: vpc.vpcOwnerId,
      openPolicies: env.openEndpointPolicies,
      s3Policy: s3EndpointPolicy({
        access: env.s3EndpointAccess,
        region: env.region,
        accountId: vpc.vpcOwnerId,
        buckets: env.s3EndpointAllowedBuckets,
      }),
    });

    new SecurityGroupRules(this, "security_group_rules", {
      groupIds: groups.ids,
      vpcCidr: env.vpcCidr,
      s3PrefixListId: endpoints.s3.prefixListId,
      endpointsPeerSecurityGroupId: env.endpointsPeerSecurityGroupId || undefined,
      apiTargetPort: env.apiTargetPort,
      internetEgress: env.egress === "nat-gateway",
    });

    new VpcFlowLogs(this, "flow_logs", {
      vpcId: vpc.vpcId,
      names,
      retentionDays: env.flowLogRetentionDays,
      kmsKeyArn: env.flowLogKmsKeyArn || undefined,
      region: env.region,
      accountId: vpc.vpcOwnerId,
      protect: env.protect,
    });

    const cache = env.ecrPullThroughCache
      ? new EcrPullThroughCache(this, "ecr_public_cache", {
          region: env.region,
          accountId: vpc.vpcOwnerId,
          upstreamRegistryUrl: ECR_PUBLIC_CACHE.upstream,
          repositoryPrefix: ECR_PUBLIC_CACHE.prefix,
          ownedBy: env.ecrRegistryOwner || undefined,
        })
      : undefined;

    if (env.costAlarmThresholdUsd > 0) {
      new VpcCostAlarm(this, "cost_alarm", {
        thresholdUsd: env.costAlarmThresholdUsd,
        email: env.costAlarmEmail || undefined,
        names,
        defaultTags: defaultTags(env),
        ...allowedAccountIds(env),
      });
    }

    // Here, not in the demo stack: the certificate is free and slow to validate, the ALB hourly and short-lived.
    const certificate = env.demoDomainName
      ? new DemoCertificate(this, "demo_domain", { domainName: env.demoDomainName, hostedZoneId: env.demoHostedZoneId })
      : undefined;

    const endpointId = (service: EndpointServiceName) => endpoints.interfaceEndpoints.get(service)?.id ?? Token.nullValue();
    const values: Record<NetworkOutputName, unknown> = {
      vpc_id: vpc.vpcId,
      vpc_cidr_block: vpc.cidrBlock,
      public_alb_subnet_ids: vpc.publicSubnetIds,
      private_workload_subnet_ids: vpc.privateSubnetIds,
      alb_security_group_id: groups.ids.alb,
      eks_nodes_security_group_id: groups.ids.eksNodes,
      eks_control_plane_security_group_id: groups.ids.eksControlPlane,
      vpc_endpoints_security_group_id: groups.ids.vpcEndpoints ?? Token.nullValue(),
      s3_vpc_endpoint_id: endpoints.s3.id,
      ecr_api_vpc_endpoint_id: endpointId(EndpointServiceName.ECR_API),
      ecr_dkr_vpc_endpoint_id: endpointId(EndpointServiceName.ECR_DKR),
      logs_vpc_endpoint_id: endpointId(EndpointServiceName.LOGS),
      sagemaker_runtime_vpc_endpoint_id: endpointId(SAGEMAKER_RUNTIME_ENDPOINT.service),
      interface_vpc_endpoint_ids: Object.fromEntries([...endpoints.interfaceEndpoints].map(([s, e]) => [s, e.id])),
      private_route_table_id: vpc.privateRouteTableId,
      availability_zones: env.availabilityZones,
      private_egress: env.egress,
      region: env.region,
      ecr_public_cache_prefix: cache?.imagePrefix ?? Token.nullValue(),
      demo_certificate: certificate ? { arn: certificate.issuedArn, domain_name: env.demoDomainName } : Token.nullValue(),
    };
    for (const { name, description } of NETWORK_OUTPUTS) {
      new TerraformOutput(this, name, { value: values[name], description });
    }

    // A network built in the console and adopted (npm run adopt): its resources are imported, not created.
    const adoption = readAdoption(process.cwd(), id);
    if (adoption) importAdopted(this, adoption);
  }
}

/** Tags the AWS Load Balancer Controller discovers subnets by. */
function eksSubnetTags(env: EnvironmentConfig) {
  if (!env.eksSubnetTags) return {};
  const cluster: Record<string, string> = env.eksClusterName ? { [`kubernetes.io/cluster/${env.eksClusterName}`]: "shared" } : {};
  return {
    publicSubnetTags: { "kubernetes.io/role/elb": "1", ...cluster },
    privateSubnetTags: { "kubernetes.io/role/internal-elb": "1", ...cluster },
  };
}
