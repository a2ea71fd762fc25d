"""MLOPS_FSBP_CLOUDWATCH_15: an alarm without an alarm action tells no one (checkov's CKV_AWS_319
only asks that actions are not disabled)."""
from stack import StackCheck, as_list


class AlarmHasAction(StackCheck):
    def __init__(self):
        super().__init__("MLOPS_FSBP_CLOUDWATCH_15", "Alarms have an alarm action (FSBP CloudWatch.15)", ["aws_cloudwatch_metric_alarm"])

    def test(self, body, stack, address):
        return None if as_list(body.get("alarm_actions")) else "no alarm_actions"


check = AlarmHasAction()
