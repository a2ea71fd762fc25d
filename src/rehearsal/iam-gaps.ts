import { EmulatorGap } from "./emulator-gaps";

/**
 * What moto (5.2) does not do when it enforces IAM, in the places the deploy role's rehearsal
 * meets it (`npm run rehearse -- --deploy-role`). Each is printed by that rehearsal; nothing else is excused.
 */
export const IAM_GAPS = {
  actionsOnly: {
    behaviour:
      'moto checks each request\'s action only: every service but S3 is checked against the resource "*", and conditions are not evaluated, so the policy\'s ARNs (account, region, names) and its aws:RequestedRegion conditions are not rehearsed; the deployer gets the policy\'s actions on "*"',
    source:
      'moto/core/responses.py: call_action authorizes resource "*"; moto/iam/access_control.py: check_action_permitted passes no request values to the conditions',
  },
  notApiCalls: {
    behaviour:
      "moto asks for each request's own action only: iam:PassRole (the flow-log role), iam:CreateServiceLinkedRole (the first load balancer) and the tagging permissions AWS requires for tags passed on create are in the policy from AWS's documentation (src/deploy-role/implied-actions.ts), not proven here",
    source: "moto/iam/access_control.py: one action per request, `<signing name>:<operation>`",
  },
  restGetSignature: {
    behaviour:
      "moto's signature check rejects the GET requests of REST services that Terraform's SDK signs (SignatureDoesNotMatch on EKS DescribeCluster, Route 53 ListHostedZones), so under enforcement the EKS hand-off example is not rehearsed, and a demo domain (Route 53) cannot be: its actions are in the policy from a recording without enforcement",
    source: "moto/iam/access_control.py: _create_aws_request signs `self._body or self._data`, the parsed parameters for a GET",
  },
} satisfies Record<string, EmulatorGap>;
