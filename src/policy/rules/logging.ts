import { Rule } from "../finding";

/** One year: checkov CKV_AWS_338 and FSBP CloudWatch.16's default minimum. */
export const MIN_RETENTION_DAYS = 365;

export const LOGGING_RULES: readonly Rule[] = [
  {
    id: "CKV_AWS_66",
    title: "Log groups have a retention period",
    on: "resource",
    types: ["aws_cloudwatch_log_group"],
    test: (g) => g.body.retention_in_days === undefined && "retention_in_days is not set",
  },
  {
    id: "CKV_AWS_338 / CloudWatch.16",
    title: `Log groups keep events for at least ${MIN_RETENTION_DAYS} days`,
    on: "resource",
    types: ["aws_cloudwatch_log_group"],
    test: (g) => {
      const days = g.body.retention_in_days;
      if (typeof days !== "number") return days === undefined && "retention_in_days is not set";
      return days !== 0 && days < MIN_RETENTION_DAYS && `retention_in_days is ${days}`;
    },
  },
  {
    id: "CKV_AWS_158",
    title: "Log groups are encrypted with a KMS key",
    on: "resource",
    types: ["aws_cloudwatch_log_group"],
    test: (g) => !g.body.kms_key_id && "no kms_key_id",
  },
  {
    id: "CKV_AWS_26",
    title: "SNS topics are encrypted with a KMS key",
    on: "resource",
    types: ["aws_sns_topic"],
    test: (t) => !t.body.kms_master_key_id && "no kms_master_key_id",
  },
  {
    id: "CKV_AWS_319 / CloudWatch.17",
    title: "Alarm actions are enabled",
    on: "resource",
    types: ["aws_cloudwatch_metric_alarm"],
    test: (a) => a.body.actions_enabled === false && "actions_enabled is false",
  },
  {
    id: "CloudWatch.15",
    title: "Alarms have an alarm action",
    on: "resource",
    types: ["aws_cloudwatch_metric_alarm"],
    test: (a) => !(Array.isArray(a.body.alarm_actions) && a.body.alarm_actions.length > 0) && "no alarm_actions",
  },
];
