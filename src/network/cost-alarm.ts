import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { AwsProvider, AwsProviderDefaultTags } from "@cdktf/provider-aws/lib/provider";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Construct } from "constructs";
import { ResourceNames } from "../config/names";

/** Billing metrics exist only in us-east-1, whatever the region of the resources they count. */
export const BILLING_REGION = "us-east-1";

export interface CostAlarmProps {
  readonly thresholdUsd: number;
  /** Subscribed to the alarm's topic; AWS mails a confirmation link first. @default none */
  readonly email?: string;
  readonly names: ResourceNames;
  readonly defaultTags: AwsProviderDefaultTags;
  /** The billing provider refuses other accounts' credentials, as the stack's does. @default any account */
  readonly allowedAccountIds?: string[];
}

/** docs/design.md#43-cost-alarm: alarm when the month's estimated VPC charges pass a threshold. */
export class VpcCostAlarm extends Construct {
  constructor(scope: Construct, id: string, props: CostAlarmProps) {
    super(scope, id);
    const provider = new AwsProvider(this, "aws_billing", {
      alias: "billing",
      region: BILLING_REGION,
      defaultTags: [props.defaultTags],
      allowedAccountIds: props.allowedAccountIds,
    });
    const topic = new SnsTopic(this, "cost_alarm_topic", { provider, name: props.names.costAlarmTopic });
    if (props.email) {
      new SnsTopicSubscription(this, "cost_alarm_email", { provider, topicArn: topic.arn, protocol: "email", endpoint: props.email });
    }
    new CloudwatchMetricAlarm(this, "cost_alarm", {
      provider,
      alarmName: props.names.costAlarm,
      alarmDescription: `Estimated Amazon VPC charges this month above ${props.thresholdUsd} USD`,
      namespace: "AWS/Billing",
      metricName: "EstimatedCharges",
      dimensions: { Currency: "USD", ServiceName: "AmazonVPC" },
      statistic: "Maximum",
      period: 21600, // billing data arrives a few times a day
      evaluationPeriods: 1,
      threshold: props.thresholdUsd,
      comparisonOperator: "GreaterThanThreshold",
      alarmActions: [topic.arn],
    });
  }
}
