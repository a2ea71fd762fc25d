/**
 * The configuration of one environment (one `network` stack and its `demo-alb` stack).
 * Every field has the seed document's value as its default (see `defaults.ts`).
 */
export interface EnvironmentConfig {
  /** Environment name, used in the `environment` tag and in stack names. @default "prod" */
  readonly name: string;
  /** AWS region of both stacks. @default "ap-southeast-1" */
  readonly region: string;
  /** The two availability zones, in subnet order. @default ["ap-southeast-1a", "ap-southeast-1b"] */
  readonly availabilityZones: readonly string[];
  /** IPv4 CIDR of the VPC. @default "10.0.0.0/16" */
  readonly vpcCidr: string;
  /** One public (ALB) subnet CIDR per availability zone. @default ["10.0.1.0/24", "10.0.2.0/24"] */
  readonly publicSubnetCidrs: readonly string[];
  /** One private (EKS) subnet CIDR per availability zone. @default ["10.0.101.0/24", "10.0.102.0/24"] */
  readonly privateSubnetCidrs: readonly string[];
  /** First word of every resource name; the seed's names all start with it. @default "mlops" */
  readonly namePrefix: string;
  /** Extra tags on every resource, beside project / environment / managed-by. @default {} */
  readonly tags: Readonly<Record<string, string>>;
  /** ACM certificate ARN for the demo ALB's HTTPS listener; empty means HTTP only. @default "" */
  readonly certificateArn: string;
  /** Tag subnets for the AWS Load Balancer Controller's discovery. @default true */
  readonly eksSubnetTags: boolean;
  /** EKS cluster name for the `kubernetes.io/cluster/<name>=shared` subnet tag; empty for none. @default "" */
  readonly eksClusterName: string;
  /** Add the SageMaker runtime interface endpoint (the seed's cost section leaves it off). @default false */
  readonly sagemakerRuntimeEndpoint: boolean;
  /** Add the interface endpoints a private EKS cluster without NAT needs (see README). @default false */
  readonly eksPrivateClusterEndpoints: boolean;
  /** Extra interface endpoint services by short name, e.g. "xray". @default [] */
  readonly extraInterfaceEndpoints: readonly string[];
  /** A security group (of a peered VPC) allowed to reach the endpoints on 443; empty for none. @default "" */
  readonly endpointsPeerSecurityGroupId: string;
  /** Days the flow-log log group keeps events. @default 30 */
  readonly flowLogRetentionDays: number;
  /** KMS key ARN to encrypt the flow-log log group; empty for AWS-owned keys. @default "" */
  readonly flowLogKmsKeyArn: string;
  /** Buckets the S3 endpoint policy allows; empty keeps the seed's full-access policy. @default [] */
  readonly s3EndpointAllowedBuckets: readonly string[];
  /** Monthly USD threshold of the VPC cost alarm (in us-east-1); 0 for no alarm. @default 0 */
  readonly costAlarmThresholdUsd: number;
  /** E-mail subscribed to the cost alarm's SNS topic; empty for none. @default "" */
  readonly costAlarmEmail: string;
  /** Where Terraform keeps state. @default local files at the project root */
  readonly state: StateConfig;
}

/** Terraform state location of both stacks of an environment. */
export type StateConfig =
  | {
      /** `terraform.<stack>.tfstate` files at the project root. */
      readonly backend: "local";
    }
  | {
      /** S3 bucket with Terraform's native S3 lock file. */
      readonly backend: "s3";
      readonly bucket: string;
      /** Region of the bucket. @default the environment's region */
      readonly region?: string;
      /** Key prefix; the key is `<keyPrefix>/<stack>.tfstate`. @default "mlops-retail-forecast" */
      readonly keyPrefix?: string;
    };

/** The whole project configuration as read from `config/environments.json`. */
export interface ProjectConfig {
  /** The environment whose stacks are named plainly `network` and `demo-alb`. */
  readonly defaultEnvironment: string;
  readonly environments: readonly EnvironmentConfig[];
}
