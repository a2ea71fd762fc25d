/**
 * Permissions the deploy needs that no recorded request names, each with why and where AWS or
 * Terraform says so. The recorded actions (recorded-actions.json) plus these are the whole policy:
 * __tests__/deploy-policy.test.ts holds the generated policy to exactly that.
 */
export interface ImpliedAction {
  readonly action: string;
  /** Only when this holds for the environment, or when the recording has this action. */
  readonly when: "always" | "s3-state" | "ecr-pull-through-cache" | { readonly recorded: string };
  readonly why: string;
  readonly source: string;
  /** A statement of its own: this ARN format (placeholders as in the IAM data) instead of the IAM data's resource types. */
  readonly resource?: string;
  /** A statement of its own with this condition. */
  readonly condition?: Record<string, Record<string, string>>;
}

/**
 * Tag on create: every resource carries the default tags, so each create call passes them, and AWS
 * then also requires the service's tagging permission (moto does not).
 */
const TAG_ON_CREATE: readonly (readonly [create: string, tag: string, source: string])[] = [
  [
    "elasticloadbalancing:CreateLoadBalancer",
    "elasticloadbalancing:AddTags",
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/security_iam_id-based-policy-examples.html (tag on create)",
  ],
  [
    "elasticloadbalancing:CreateTargetGroup",
    "elasticloadbalancing:AddTags",
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/security_iam_id-based-policy-examples.html (tag on create)",
  ],
  ["iam:CreateRole", "iam:TagRole", "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags_roles.html"],
  [
    "logs:CreateLogGroup",
    "logs:TagResource",
    "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html",
  ],
  ["sns:CreateTopic", "sns:TagResource", "https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html (Tags)"],
  [
    "cloudwatch:PutMetricAlarm",
    "cloudwatch:TagResource",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html (Tags)",
  ],
  [
    "acm:RequestCertificate",
    "acm:AddTagsToCertificate",
    "https://docs.aws.amazon.com/acm/latest/APIReference/API_RequestCertificate.html (Tags)",
  ],
];

/**
 * Update in place: the recordings create, plan and destroy, so a change to a deployed resource (an
 * endpoint policy, a rule's description, a tag, a route, the flow-log role) calls APIs no recording
 * has. Each is the call the provider's update function makes for that attribute
 * (terraform-provider-aws v5.100.0, internal/service/<service>/<resource>.go, the resource's Update).
 */
const UPDATE_IN_PLACE: readonly (readonly [action: string, what: string])[] = [
  ["ec2:ModifyVpcEndpoint", "aws_vpc_endpoint: its policy, subnets, security groups or private DNS"],
  ["ec2:ModifySecurityGroupRules", "aws_vpc_security_group_ingress_rule / _egress_rule: port, peer or description"],
  ["ec2:UpdateSecurityGroupRuleDescriptionsIngress", "aws_security_group's inline rules' descriptions (the default group's)"],
  ["ec2:UpdateSecurityGroupRuleDescriptionsEgress", "aws_security_group's inline rules' descriptions (the default group's)"],
  ["ec2:DeleteTags", "tags_all of every EC2 resource: a tag removed"],
  ["ec2:ReplaceRoute", "aws_route: its target"],
  ["ec2:ReplaceRouteTableAssociation", "aws_route_table_association: its route table"],
  ["iam:UpdateAssumeRolePolicy", "aws_iam_role: assume_role_policy"],
  ["iam:UpdateRole", "aws_iam_role: description, max_session_duration"],
  ["iam:UntagRole", "aws_iam_role: a tag removed"],
  ["logs:DeleteRetentionPolicy", "aws_cloudwatch_log_group: retention removed"],
  ["logs:UntagResource", "aws_cloudwatch_log_group: a tag removed"],
  ["elasticloadbalancing:RemoveTags", "aws_lb, aws_lb_target_group, aws_lb_listener: a tag removed"],
  ["elasticloadbalancing:ModifyListener", "aws_lb_listener: default action, certificate, TLS policy"],
  ["elasticloadbalancing:ModifyTargetGroup", "aws_lb_target_group: health check"],
  ["elasticloadbalancing:SetSecurityGroups", "aws_lb: security_groups"],
  ["elasticloadbalancing:SetSubnets", "aws_lb: subnets"],
];

export const IMPLIED_ACTIONS: readonly ImpliedAction[] = [
  ...UPDATE_IN_PLACE.map(([action, what]) => ({
    action,
    when: "always" as const,
    why: `update in place of ${what}: the rehearsal's recordings create and destroy, and change nothing in place`,
    source: "terraform-provider-aws v5.100.0, the resource's Update function",
  })),
  ...TAG_ON_CREATE.map(([create, action, source]) => ({
    action,
    when: { recorded: create },
    why: `${create} passes the default tags, which AWS authorizes as ${action} too`,
    source,
  })),
  {
    action: "iam:PassRole",
    when: "always",
    why: "CreateFlowLogs hands the flow-log role to the VPC Flow Logs service (deliver_logs_permission_arn): a permission, not an API call",
    source:
      "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html (Permissions for IAM principals that publish flow logs: iam:PassRole)",
    condition: { StringEquals: { "iam:PassedToService": "vpc-flow-logs.amazonaws.com" } },
  },
  {
    action: "iam:CreateServiceLinkedRole",
    when: "always",
    why: "the first load balancer of an account makes AWSServiceRoleForElasticLoadBalancing, with the caller's permission",
    source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/elb-service-linked-roles.html",
    resource:
      "arn:${Partition}:iam::${Account}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing",
    condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } },
  },
  ...(["s3:ListBucket", "s3:GetObject", "s3:PutObject", "s3:DeleteObject"] as const).map((action) => ({
    action,
    when: "s3-state" as const,
    why: "the S3 state backend with use_lockfile: list the bucket, read and write the state, write and delete the .tflock object (the rehearsal keeps state locally)",
    source: "https://developer.hashicorp.com/terraform/language/backend/s3#permissions-required",
  })),
  {
    action: "iam:CreateServiceLinkedRole",
    when: "ecr-pull-through-cache",
    why: "the first pull-through cache rule of an account makes AWSServiceRoleForECRPullThroughCache, with the caller's permission",
    source:
      "https://docs.aws.amazon.com/AmazonECR/latest/userguide/slr-pullthroughcache.html; pike's mapping of aws_ecr_pull_through_cache_rule (github.com/JamesWoolfenden/pike) lists it too",
    resource:
      "arn:${Partition}:iam::${Account}:role/aws-service-role/pullthroughcache.ecr.amazonaws.com/AWSServiceRoleForECRPullThroughCache",
    condition: { StringEquals: { "iam:AWSServiceName": "pullthroughcache.ecr.amazonaws.com" } },
  },
  ...(
    [
      "ecr:CreatePullThroughCacheRule",
      "ecr:DescribePullThroughCacheRules",
      "ecr:DeletePullThroughCacheRule",
      "ecr:PutRegistryPolicy",
      "ecr:GetRegistryPolicy",
      "ecr:DeleteRegistryPolicy",
    ] as const
  ).map((action) => ({
    action,
    when: "ecr-pull-through-cache" as const,
    why: "aws_ecr_pull_through_cache_rule and aws_ecr_registry_policy (create, read, delete): the rehearsal turns the cache off, since moto has no CreatePullThroughCacheRule",
    source:
      "terraform-provider-aws v5.100.0: internal/service/ecr/pull_through_cache_rule.go and registry_policy.go (the API calls of each resource's create, read and delete); pike's mappings of both resources agree",
  })),
];
