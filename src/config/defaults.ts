import { EnvironmentConfig } from "./types";

/** The seed document's values: an environment that sets nothing gets exactly these. */
export const SEED_DEFAULTS: EnvironmentConfig = {
  name: "prod",
  region: "ap-southeast-1",
  availabilityZones: ["ap-southeast-1a", "ap-southeast-1b"],
  vpcCidr: "10.0.0.0/16",
  publicSubnetCidrs: ["10.0.1.0/24", "10.0.2.0/24"],
  privateSubnetCidrs: ["10.0.101.0/24", "10.0.102.0/24"],
  namePrefix: "mlops",
  tags: {},
  certificateArn: "",
  eksSubnetTags: true,
  eksClusterName: "",
  sagemakerRuntimeEndpoint: false,
  eksPrivateClusterEndpoints: false,
  extraInterfaceEndpoints: [],
  endpointsPeerSecurityGroupId: "",
  flowLogRetentionDays: 30,
  flowLogKmsKeyArn: "",
  s3EndpointAllowedBuckets: [],
  costAlarmThresholdUsd: 0,
  costAlarmEmail: "",
  state: { backend: "local" },
};
