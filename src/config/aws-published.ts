/**
 * What AWS publishes and the configuration can check offline, kept as data: each table names
 * its source and the date it was read. When AWS opens a region or a service after that date,
 * add it here (the message that refuses it says so).
 */

/** A published table: its rows, where they come from and when they were read. */
export interface Published<T> {
  readonly source: string;
  readonly asOf: string;
  readonly data: T;
}

export interface Region {
  /** The ARN partition: `arn:<partition>:…`. */
  readonly partition: "aws" | "aws-cn" | "aws-us-gov";
  /**
   * Zone letters that exist in the region (`<region><letter>`). Where AWS maps letters per
   * account (us-east-1, us-west-1, ap-northeast-1) these are the letters any account may see;
   * the first two are the default zones, and exist for every account.
   */
  readonly zones: string;
}

const abc = "abc";

/** Regions and their availability zones. */
export const REGIONS: Published<Readonly<Record<string, Region>>> = {
  source:
    "AWS Regions and Availability Zones, https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html (zone letters: aws ec2 describe-availability-zones)",
  asOf: "2025-06",
  data: {
    "us-east-1": { partition: "aws", zones: "abcdef" },
    "us-east-2": { partition: "aws", zones: abc },
    "us-west-1": { partition: "aws", zones: abc },
    "us-west-2": { partition: "aws", zones: "abcd" },
    "af-south-1": { partition: "aws", zones: abc },
    "ap-east-1": { partition: "aws", zones: abc },
    "ap-east-2": { partition: "aws", zones: abc },
    "ap-south-1": { partition: "aws", zones: abc },
    "ap-south-2": { partition: "aws", zones: abc },
    "ap-southeast-1": { partition: "aws", zones: abc },
    "ap-southeast-2": { partition: "aws", zones: abc },
    "ap-southeast-3": { partition: "aws", zones: abc },
    "ap-southeast-4": { partition: "aws", zones: abc },
    "ap-southeast-5": { partition: "aws", zones: abc },
    "ap-southeast-7": { partition: "aws", zones: abc },
    // ap-northeast-1b is closed to every account created since 2012.
    "ap-northeast-1": { partition: "aws", zones: "acd" },
    "ap-northeast-2": { partition: "aws", zones: "abcd" },
    "ap-northeast-3": { partition: "aws", zones: abc },
    "ca-central-1": { partition: "aws", zones: "abd" },
    "ca-west-1": { partition: "aws", zones: abc },
    "eu-central-1": { partition: "aws", zones: abc },
    "eu-central-2": { partition: "aws", zones: abc },
    "eu-west-1": { partition: "aws", zones: abc },
    "eu-west-2": { partition: "aws", zones: abc },
    "eu-west-3": { partition: "aws", zones: abc },
    "eu-south-1": { partition: "aws", zones: abc },
    "eu-south-2": { partition: "aws", zones: abc },
    "eu-north-1": { partition: "aws", zones: abc },
    "il-central-1": { partition: "aws", zones: abc },
    "me-south-1": { partition: "aws", zones: abc },
    "me-central-1": { partition: "aws", zones: abc },
    "mx-central-1": { partition: "aws", zones: abc },
    "sa-east-1": { partition: "aws", zones: abc },
    "cn-north-1": { partition: "aws-cn", zones: "abd" },
    "cn-northwest-1": { partition: "aws-cn", zones: abc },
    "us-gov-west-1": { partition: "aws-us-gov", zones: abc },
    "us-gov-east-1": { partition: "aws-us-gov", zones: abc },
  },
};

/** Tags per resource; the provider's default tags count, as AWS sees one merged set. */
export const TAGS_PER_RESOURCE: Published<number> = {
  source:
    "Tagging AWS resources, https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html (Tag naming limits: 50 user-created tags per resource)",
  asOf: "2025-06",
  data: 50,
};

/** Longest names AWS accepts, for the kinds of resource named from the prefix. */
export const NAME_LENGTHS: Published<
  Readonly<Record<"loadBalancer" | "targetGroup" | "iamRole" | "logGroup" | "securityGroup" | "snsTopic" | "alarm", number>>
> = {
  source: [
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html (32)",
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html (32)",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html (role name: 64)",
    "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html (512)",
    "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html (255)",
    "https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html (256)",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html (255)",
  ].join(", "),
  asOf: "2025-06",
  data: { loadBalancer: 32, targetGroup: 32, iamRole: 64, logGroup: 512, securityGroup: 255, snsTopic: 256, alarm: 255 },
};

/**
 * Short names of the AWS services that offer an interface endpoint (`com.amazonaws.<region>.<name>`).
 * Not every service exists in every region: AWS refuses a name it does not offer there at apply.
 */
export const INTERFACE_ENDPOINT_SERVICES: Published<readonly string[]> = {
  source:
    "AWS services that integrate with AWS PrivateLink, https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html",
  asOf: "2025-06",
  // prettier-ignore
  data: [
    "access-analyzer", "acm-pca", "airflow.api", "airflow.env", "airflow.ops", "apigateway", "app-integrations", "appconfig",
    "appconfigdata", "application-autoscaling", "applicationinsights", "appmesh-envoy-management", "apprunner", "apprunner.requests", "appstream.api", "appstream.streaming",
    "appsync-api", "aps", "aps-workspaces", "athena", "auditmanager", "autoscaling", "autoscaling-plans", "backup",
    "backup-gateway", "batch", "bedrock", "bedrock-agent", "bedrock-agent-runtime", "bedrock-runtime", "billingconductor", "braket",
    "budgets", "cassandra", "cleanrooms", "cloudcontrolapi", "clouddirectory", "cloudformation", "cloudhsmv2", "cloudtrail",
    "codeartifact.api", "codeartifact.repositories", "codebuild", "codecommit", "codedeploy", "codedeploy-commands-secure", "codeguru-profiler", "codeguru-reviewer",
    "codepipeline", "codestar-connections.api", "comprehend", "comprehendmedical", "config", "connect-campaigns", "databrew", "dataexchange",
    "datasync", "datazone", "dms", "ds", "dynamodb", "ebs", "ec2", "ec2messages",
    "ecr.api", "ecr.dkr", "ecs", "ecs-agent", "ecs-telemetry", "eks", "eks-auth", "elasticache",
    "elasticbeanstalk", "elasticbeanstalk-health", "elasticfilesystem", "elasticloadbalancing", "elasticmapreduce", "email-smtp", "emr-containers", "emr-serverless",
    "entityresolution", "events", "execute-api", "finspace", "finspace-api", "firehose", "fis", "forecast",
    "forecastquery", "frauddetector", "fsx", "git-codecommit", "glue", "grafana", "grafana-workspace", "greengrass",
    "groundstation", "guardduty-data", "healthlake", "iam", "identitystore", "imagebuilder", "inspector2", "internetmonitor",
    "iot.credentials", "iot.data", "iot.fleethub.api", "iotsitewise.api", "iotsitewise.data", "iottwinmaker.api", "iottwinmaker.data", "kafka",
    "kendra", "kinesis-firehose", "kinesis-streams", "kms", "kms-fips", "lakeformation", "lambda", "license-manager",
    "logs", "lookoutequipment", "lookoutmetrics", "lookoutvision", "m2", "macie2", "managedblockchain", "mediaconnect",
    "memory-db", "mgn", "migrationhub-orchestrator", "migrationhub-strategy", "monitoring", "mq", "neptune-graph", "network-firewall",
    "notebook", "oam", "omics.analytics", "omics.control-storage", "omics.storage", "omics.tags", "omics.workflows", "organizations",
    "osis", "outposts", "panorama", "pca-connector-ad", "pipes", "pipes-data", "polly", "private-networks",
    "profile", "q", "qldb.session", "quicksight-website", "rbin", "rds", "rds-data", "redshift",
    "redshift-data", "redshift-serverless", "refactor-spaces", "rekognition", "resource-groups", "robomaker", "rolesanywhere", "route53resolver",
    "rum", "rum-dataplane", "s3", "s3-outposts", "sagemaker.api", "sagemaker.featurestore-runtime", "sagemaker.metrics", "sagemaker.runtime",
    "sagemaker.runtime-fips", "scheduler", "schemas", "secretsmanager", "securityhub", "securitylake", "servicecatalog", "servicecatalog-appregistry",
    "servicediscovery", "servicediscovery-data", "servicequotas", "shield", "signin", "simspaceweaver", "sms", "snow-device-management",
    "sns", "sqs", "ssm", "ssm-contacts", "ssm-incidents", "ssmmessages", "states", "storagegateway",
    "sts", "swf", "synthetics", "textract", "timestream-influxdb", "transcribe", "transcribestreaming", "transfer",
    "transfer.server", "translate", "verifiedpermissions", "vpc-lattice", "wisdom", "workspaces", "workspaces-web", "xray",
  ],
};

/** The region's entry, or undefined for a code AWS has not published. */
export const region = (code: string): Region | undefined => REGIONS.data[code];

/** The region's availability zone names, in letter order. */
export const zonesOf = (code: string): string[] => [...(region(code)?.zones ?? "")].map((letter) => `${code}${letter}`);
