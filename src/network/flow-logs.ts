import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { ResourceNames } from "../config/names";
import { arn } from "../aws/partition";

export interface FlowLogsProps {
  readonly vpcId: string;
  readonly names: ResourceNames;
  /** Days CloudWatch keeps flow-log events. */
  readonly retentionDays: number;
  /** KMS key ARN for the log group. @default AWS-owned keys */
  readonly kmsKeyArn?: string;
  readonly region: string;
  /** This account's id (a reference resolved at apply time): the trust policy names it. */
  readonly accountId: string;
  /** `prevent_destroy` on the log group: a rename (namePrefix) would otherwise delete its year of logs. @default false */
  readonly protect?: boolean;
}

/** docs/design.md#41-flow-logs: all VPC traffic to CloudWatch Logs, through a role only flow logs can assume. */
export class VpcFlowLogs extends Construct {
  constructor(scope: Construct, id: string, props: FlowLogsProps) {
    super(scope, id);
    const logGroup = new CloudwatchLogGroup(this, "flow_log_group", {
      name: props.names.flowLogGroup,
      retentionInDays: props.retentionDays,
      kmsKeyId: props.kmsKeyArn || undefined,
      tags: { Name: props.names.flowLogGroup },
      lifecycle: { preventDestroy: props.protect ?? false },
    });

    const role = new IamRole(this, "flow_log_role", {
      name: props.names.flowLogRole,
      description: "Lets VPC Flow Logs deliver to its CloudWatch log group",
      // Only this account's flow logs may assume it: AWS's confused-deputy guidance.
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "vpc-flow-logs.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: {
              StringEquals: { "aws:SourceAccount": props.accountId },
              ArnLike: {
                "aws:SourceArn": arn(props.region, {
                  service: "ec2",
                  region: props.region,
                  account: props.accountId,
                  resource: "vpc-flow-log/*",
                }),
              },
            },
          },
        ],
      }),
      tags: { Name: props.names.flowLogRole },
    });
    new IamRolePolicy(this, "flow_log_role_policy", {
      name: "deliver-to-flow-log-group",
      role: role.id,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resource: [logGroup.arn, `${logGroup.arn}:*`],
          },
          {
            // It names no log group (the service authorization reference lists no resource type for
            // it), so it is granted on "*" or not at all.
            Effect: "Allow",
            Action: "logs:DescribeLogGroups",
            Resource: "*",
          },
        ],
      }),
    });
    new FlowLog(this, "flow_log", {
      vpcId: props.vpcId,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: logGroup.arn,
      iamRoleArn: role.arn,
      tags: { Name: props.names.flowLog },
    });
  }
}
