/**
 * What AWS publishes and the configuration can check offline, kept as data. Each table names its
 * source (a URL, or `owner/repository path @ commit`) and that source's date; every entry was
 * checked against those sources on 2026-12-01. When AWS opens a region or a service after that
 * date, add it here (the message that refuses it says so).
 */

/** A published table: its rows, where they come from and the date of that source. */
export interface Published<T> {
  readonly source: string;
  /** The source's date: the commit's, or the page's (only a year where the copy carries no more). */
  readonly asOf: string;
  readonly data: T;
}

export interface Region {
  /** The ARN partition: `arn:<partition>:…`. */
  readonly partition: "aws" | "aws-cn" | "aws-us-gov";
  /**
   * Zone letters of the region (`<region><letter>`). In the oldest regions AWS maps letters to
   * zones per account (for accounts created before November 2025), and an account may see only
   * some of them: these are the letters seen across accounts. The default zones are the first
   * two; in us-west-1 an account sees two of a, b and c (one source's account a and b, the
   * other's a and c), so the default may not exist there: name the zones.
   */
  readonly zones: string;
  /** Letters that some accounts do not see (they see another of `zones` instead). @default none */
  readonly notInEveryAccount?: string;
}

const abc = "abc";

/**
 * Regions and their availability zones. Regions and partitions: every region of botocore's aws,
 * aws-cn and aws-us-gov partitions. Zone letters: moto's per-zone instance offerings, which moto
 * generates from describe-instance-type-offerings in a real account, for the 30 regions that
 * account had enabled; a second account's public describe-availability-zones dump (found through
 * the search index, repository not named) agrees on those and adds ap-southeast-6,
 * ap-southeast-7 and mx-central-1 (a, b, c with AZ IDs az1-az3), and shows us-west-1 a and c.
 * Not confirmed by any AWS page or generated source: ap-east-2 (a, b, c from a published
 * describe-availability-zones transcript only), the China zone letters (AWS China gives three zones
 * per region; cn-north-1 a, b, d from public configurations), the GovCloud zone letters (a, b, c
 * from public configurations), and ap-northeast-1b for accounts older than the sources' (both
 * show a, c, d).
 */
export const REGIONS: Published<Readonly<Record<string, Region>>> = {
  source: [
    "boto/botocore botocore/data/endpoints.json @ f6c173905c660b7c2b7cc1808652d1cb19504ddb (2026-08-07)",
    "getmoto/moto moto/ec2/resources/instance_type_offerings/availability-zone/<region>.json @ c6bd43ff2d090b35b6491f1cc80bffd29063e5c8 (2026-08-01)",
    "https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html (per-account mapping before November 2025)",
    "https://docs.aws.amazon.com/global-infrastructure/latest/regions/doc-history.html (ap-southeast-6 launched 2025-09-02)",
    "https://docs.amazonaws.cn/en_us/aws/latest/userguide/general-info.html (three zones in each China region)",
  ].join(", "),
  asOf: "2026-08-07",
  data: {
    "us-east-1": { partition: "aws", zones: "abcdef" },
    "us-east-2": { partition: "aws", zones: abc },
    "us-west-1": { partition: "aws", zones: abc, notInEveryAccount: "bc" },
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
    "ap-southeast-6": { partition: "aws", zones: abc },
    "ap-southeast-7": { partition: "aws", zones: abc },
    // No b in either source's account (and no apne1-az3).
    "ap-northeast-1": { partition: "aws", zones: "acd" },
    "ap-northeast-2": { partition: "aws", zones: "abcd" },
    "ap-northeast-3": { partition: "aws", zones: abc },
    // The third zone is d (cac1-az4); neither source has a c.
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

/**
 * Regions of the partitions the stacks are not written for: the isolated ISO partitions and the
 * European Sovereign Cloud. Their ARNs, endpoint service names and registries differ from what
 * the stacks and tools assume, so such a region is refused by name rather than as unknown.
 */
export const OTHER_PARTITION_REGIONS: Published<Readonly<Record<string, string>>> = {
  source: "boto/botocore botocore/data/endpoints.json @ f6c173905c660b7c2b7cc1808652d1cb19504ddb (2026-08-07)",
  asOf: "2026-08-07",
  data: {
    "us-iso-east-1": "aws-iso",
    "us-iso-west-1": "aws-iso",
    "us-isob-east-1": "aws-iso-b",
    "us-isob-west-1": "aws-iso-b",
    "eu-isoe-west-1": "aws-iso-e",
    "us-isof-east-1": "aws-iso-f",
    "us-isof-south-1": "aws-iso-f",
    "eusc-de-east-1": "aws-eusc",
  },
};

/**
 * Tags per resource; the provider's default tags count, as AWS sees one merged set. The same 50
 * in every service the stacks tag (the models cap IAM's tag list and a log group's tag map at 50).
 */
export const TAGS_PER_RESOURCE: Published<number> = {
  source: [
    "https://docs.aws.amazon.com/tag-editor/latest/userguide/reference.html (tags attached per resource: 50 user-defined)",
    "boto/botocore botocore/data/iam/2010-05-08/service-2.json tagListType, botocore/data/logs/2014-03-28/service-2.json Tags @ 0e6e2404b85dc336dd2889814e089bde7d1a4c55 (2026-08-07)",
  ].join(", "),
  asOf: "2026-08-07",
  data: 50,
};

/**
 * Longest tag key: 127 characters, EC2's limit (its API reference, as the EC2 model carries it),
 * one less than the 128 of ELB, IAM, CloudWatch, Logs and SNS; the default tags reach the EC2
 * resources (VPC, subnets, security groups, endpoints), so the lower one applies.
 */
export const TAG_KEY_LENGTH: Published<number> = {
  source:
    "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Tag.html (127), https://docs.aws.amazon.com/tag-editor/latest/userguide/reference.html (128, some services less), boto/botocore botocore/data/ec2/2016-11-15/service-2.json Tag, botocore/data/elbv2/2015-12-01/service-2.json TagKey (128) @ 0e6e2404b85dc336dd2889814e089bde7d1a4c55 (2026-08-07)",
  asOf: "2026-08-07",
  data: 127,
};

/** Longest tag value: 256 characters in EC2 and in every other service the stacks tag. */
export const TAG_VALUE_LENGTH: Published<number> = {
  source:
    "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Tag.html, boto/botocore botocore/data/ec2/2016-11-15/service-2.json Tag, botocore/data/elbv2/2015-12-01/service-2.json TagValue @ 0e6e2404b85dc336dd2889814e089bde7d1a4c55 (2026-08-07)",
  asOf: "2026-08-07",
  data: 256,
};

/** Longest names AWS accepts, for the kinds of resource named from the prefix. */
export const NAME_LENGTHS: Published<
  Readonly<Record<"loadBalancer" | "targetGroup" | "iamRole" | "logGroup" | "securityGroup" | "snsTopic" | "alarm", number>>
> = {
  source: [
    "boto/botocore @ 0e6e2404b85dc336dd2889814e089bde7d1a4c55 (2026-08-07):",
    "botocore/data/elbv2/2015-12-01/service-2.json CreateLoadBalancer and CreateTargetGroup Name (32),",
    "botocore/data/iam/2010-05-08/service-2.json roleNameType (64),",
    "botocore/data/logs/2014-03-28/service-2.json LogGroupName (512),",
    "botocore/data/ec2/2016-11-15/service-2.json CreateSecurityGroup GroupName (255),",
    "botocore/data/sns/2010-03-31/service-2.json CreateTopic Name (256),",
    "botocore/data/cloudwatch/2010-08-01/service-2.json AlarmName (255)",
    "(the models' documentation is the text of the services' API references, e.g. https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html)",
  ].join(" "),
  asOf: "2026-08-07",
  data: { loadBalancer: 32, targetGroup: 32, iamRole: 64, logGroup: 512, securityGroup: 255, snsTopic: 256, alarm: 255 },
};

/**
 * Short names of the AWS services that offer an interface endpoint (`com.amazonaws.<region>.<name>`).
 * Not every service exists in every region: AWS refuses a name it does not offer there at apply.
 * Left out, as the configuration builds only `com.amazonaws.<region>.<name>`: the names of another
 * form in the same table (`aws.api.<region>.qbusiness`, `aws.sagemaker.<region>.notebook`, the
 * global `com.amazonaws.iam`, `com.amazonaws.route53`, …) and the Timestream cell placeholders.
 */
export const INTERFACE_ENDPOINT_SERVICES: Published<readonly string[]> = {
  source:
    "AWS services that integrate with AWS PrivateLink, https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html (read in a stored copy of the AWS PrivateLink guide, which carries only its copyright year)",
  asOf: "2026",
  // prettier-ignore
  data: [
    "access-analyzer", "access-analyzer-fips", "account", "acm", "acm-fips", "acm-pca", "acm-pca-fips", "airflow.api",
    "airflow.api-fips", "airflow.env", "airflow.env-fips", "airflow.ops", "analytics-omics", "analytics-omics-fips", "apigateway", "app-integrations",
    "appconfig", "appconfig-fips", "appconfigdata", "appconfigdata-fips", "application-autoscaling", "application-signals", "applicationinsights", "appmesh",
    "appmesh-envoy-management", "apprunner", "apprunner.requests", "appstream.api", "appstream.streaming", "appsync-api", "apptest", "aps",
    "aps-workspaces", "arsenal-discovery", "athena", "auditmanager", "autoscaling", "autoscaling-fips", "autoscaling-plans", "awsconnector",
    "b2bi", "backup", "backup-gateway", "batch", "bcm-pricing-calculator", "bedrock", "bedrock-agent", "bedrock-agent-runtime",
    "bedrock-data-automation", "bedrock-data-automation-fips", "bedrock-data-automation-runtime", "bedrock-data-automation-runtime-fips", "bedrock-runtime", "billing", "billingconductor", "braket",
    "cases", "cassandra", "cassandra-fips", "ce", "cleanrooms", "cleanrooms-fips", "cleanrooms-ml", "cloudcontrolapi",
    "cloudcontrolapi-fips", "clouddirectory", "cloudformation", "cloudformation-fips", "cloudhsmv2", "cloudtrail", "codeartifact.api", "codeartifact.repositories",
    "codebuild", "codebuild-fips", "codecommit", "codecommit-fips", "codeconnections.api", "codedeploy", "codedeploy-commands-secure", "codedeploy-fips",
    "codeguru-profiler", "codeguru-reviewer", "codepipeline", "codestar-connections.api", "codewhisperer", "comprehend", "comprehendmedical", "compute-optimizer",
    "config", "config-fips", "connect-campaigns", "console", "control-storage-omics", "control-storage-omics-fips", "controlcatalog", "controltower",
    "controltower-fips", "cost-optimization-hub", "data-servicediscovery", "data-servicediscovery-fips", "databrew", "databrew-fips", "dataexchange", "datasync",
    "datazone", "datazone-fips", "deadline.management", "deadline.scheduling", "detective", "detective-fips", "deviceadvisor.iot", "devops-guru",
    "dicom-medical-imaging", "directconnect", "directconnect-fips", "discovery", "dlm", "dlm-fips", "dms", "dms-fips",
    "drs", "ds", "ds-data", "ds-data-fips", "dsql", "dynamodb", "dynamodb-fips", "dynamodb-streams",
    "ebs", "ebs-fips", "ec2", "ec2-fips", "ec2messages", "ecr.api", "ecr.dkr", "ecs",
    "ecs-agent", "ecs-telemetry", "eks", "eks-auth", "eks-fips", "eks-proxy", "elasticache", "elasticache-fips",
    "elasticbeanstalk", "elasticbeanstalk-health", "elasticfilesystem", "elasticfilesystem-fips", "elasticloadbalancing", "elasticmapreduce", "elasticmapreduce-fips", "email-smtp",
    "emr-containers", "emr-serverless", "emr-serverless-services.livy", "emr-serverless.dashboard", "emrwal.prod", "entityresolution", "entityresolution-fips", "events",
    "events-fips", "evs", "evs-fips", "execute-api", "finspace", "finspace-api", "fis", "fis-fips",
    "fms", "fms-fips", "forecast", "forecast-fips", "forecastquery", "forecastquery-fips", "frauddetector", "freetier",
    "fsx", "fsx-fips", "gamelift", "gameliftstreams", "geo.geofencing", "geo.maps", "geo.metadata", "geo.places",
    "geo.routes", "geo.tracking", "git-codecommit", "git-codecommit-fips", "glue", "glue.dashboard", "grafana", "grafana-workspace",
    "greengrass", "groundstation", "groundstation-fips", "guardduty", "guardduty-data", "guardduty-data-fips", "guardduty-fips", "healthlake",
    "highlander", "identitystore", "imagebuilder", "inspector-scan", "inspector-scan-fips", "inspector2", "inspector2-fips", "internetmonitor",
    "internetmonitor-fips", "iot-fips.api", "iot-fips.tunneling.api", "iot-fips.tunneling.data", "iot.api", "iot.credentials", "iot.data", "iot.tunneling.api",
    "iot.tunneling.data", "iotfleetwise", "iotmanagedintegrations-fips.api", "iotmanagedintegrations.api", "iotroborunner", "iotsitewise.api", "iotsitewise.data", "iottwinmaker.api",
    "iottwinmaker.data", "iotwireless.api", "ivs.contribute", "kafka", "kafka-fips", "kendra", "kinesis-firehose", "kinesis-streams",
    "kinesis-streams-fips", "kinesisanalytics", "kinesisanalytics-fips", "kms", "kms-fips", "lakeformation", "lambda", "launchwizard",
    "license-manager", "license-manager-fips", "license-manager-linux-subscriptions", "license-manager-linux-subscriptions-fips", "license-manager-user-subscriptions", "license-manager-user-subscriptions-fips", "lightsail", "logs",
    "lookoutequipment", "lookoutvision", "lorawan.cups", "lorawan.lns", "m2", "macie2", "macie2-fips", "mail-manager",
    "mail-manager-fips", "mail-manager-smtp.auth.fips", "mail-manager-smtp.open.fips", "managedblockchain-query", "managedblockchain.bitcoin.mainnet", "managedblockchain.bitcoin.testnet", "mediaconnect", "mediaconvert",
    "mediaconvert-fips", "medical-imaging", "memory-db", "memorydb-fips", "metering-marketplace", "mgn", "migrationhub-orchestrator", "migrationhub-strategy",
    "models-v2-lex", "monitoring", "mq", "mq-fips", "neptune-graph", "neptune-graph-data", "neptune-graph-fips", "network-firewall",
    "network-firewall-fips", "networkflowmonitor", "networkflowmonitorreports", "networkmanager", "networkmonitor", "notifications", "notifications-contacts", "oam",
    "observabilityadmin", "organizations", "organizations-fips", "osis", "outposts", "panorama", "payment-cryptography.controlplane", "payment-cryptography.dataplane",
    "pca-connector-ad", "pca-connector-scep", "pcs", "pcs-fips", "personalize", "personalize-events", "personalize-runtime", "pi",
    "pi-fips", "pinpoint", "pinpoint-sms-voice-v2", "pipes", "pipes-data", "pipes-fips", "polly", "polly-fips",
    "pricing.api", "profile", "proton", "q", "qapps", "quicksight-website", "ram", "ram-fips",
    "rbin", "rbin-fips", "rds", "rds-data", "rds-fips", "redshift", "redshift-data", "redshift-data-fips",
    "redshift-fips", "redshift-serverless", "redshift-serverless-fips", "refactor-spaces", "rekognition", "rekognition-fips", "repostspace", "resource-explorer-2",
    "resource-explorer-2-fips", "resource-groups", "resource-groups-fips", "rolesanywhere", "rolesanywhere-fips", "rum", "rum-dataplane", "runtime-medical-imaging",
    "runtime-v2-lex", "s3", "s3-outposts", "s3tables", "sagemaker-data-science-assistant", "sagemaker.api", "sagemaker.api-fips", "sagemaker.featurestore-runtime",
    "sagemaker.featurestore-runtime-fips", "sagemaker.metrics", "sagemaker.runtime", "sagemaker.runtime-fips", "scheduler", "schemas", "scn", "secretsmanager",
    "securityhub", "securityhub-fips", "securitylake", "securitylake-fips", "serverlessrepo", "service.user-subscriptions", "servicecatalog", "servicecatalog-appregistry",
    "servicediscovery", "servicediscovery-fips", "servicequotas", "signin", "simspaceweaver", "snow-device-management", "sns", "social-messaging",
    "social-messaging-fips", "sqs", "sqs-fips", "ssm", "ssm-contacts", "ssm-incidents", "ssm-incidents-fips", "ssm-quicksetup",
    "ssm-sap", "ssm-sap-fips", "ssmmessages", "states", "storage-omics", "storagegateway", "streaming-rekognition", "streaming-rekognition-fips",
    "sts", "sts-fips", "swf", "swf-fips", "sync-states", "synthetics", "synthetics-fips", "tagging",
    "tags-omics", "tags-omics-fips", "tax", "textract", "textract-fips", "thinclient.api", "timestream-influxdb", "timestream-influxdb-fips",
    "tnb", "transcribe", "transcribestreaming", "transcribestreaming-fips", "transfer", "transfer.server", "transform", "transform-custom",
    "translate", "trustedadvisor", "verifiedpermissions", "verifiedpermissions-fips", "voiceid", "vpc-lattice", "wafv2", "wafv2-fips",
    "wellarchitected", "wisdom", "workflows-omics", "workflows-omics-fips", "workmail", "workmailmessageflow", "workspaces", "workspaces-web",
    "workspaces-web-fips", "xray",
  ],
};

/** The region's entry, or undefined for a code AWS has not published. */
export const region = (code: string): Region | undefined => REGIONS.data[code];

/** The region's availability zone names, in letter order. */
export const zonesOf = (code: string): string[] => [...(region(code)?.zones ?? "")].map((letter) => `${code}${letter}`);
