/**
 * What IAM actions do, as far as the IAM rules need to know. checkov asks cloudsplaining, which
 * reads the full AWS action database; these tables are the part of it that matters for a network
 * stack, matched with wildcards both ways (`logs:*` allows `logs:PutResourcePolicy`).
 */

/** Whether two action patterns (with `*` and `?`) can match the same action, case-insensitively. */
export function actionsOverlap(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (y.length + 1) + j;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    let r: boolean;
    if (i === x.length && j === y.length) r = true;
    else if (x[i] === "*") r = go(i + 1, j) || (j < y.length && go(i, j + 1));
    else if (y[j] === "*") r = go(i, j + 1) || (i < x.length && go(i + 1, j));
    else r = i < x.length && j < y.length && (x[i] === y[j] || x[i] === "?" || y[j] === "?") && go(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

/** Whether any of `allowed` can match any of `targets`. */
export const allowsAny = (allowed: readonly string[], targets: readonly string[]) =>
  allowed.some((a) => targets.some((t) => actionsOverlap(a, t)));

/** `*` or `*:*`: every action of every service. */
export const isEveryAction = (action: string) => /^\*(:\*)?$/.test(action);

/** `service:*`: every action of one service. */
export const isServiceWildcard = (action: string) => /^[a-z0-9-]+:\*$/i.test(action);

/** Verbs of actions that only read; any other verb (or a wildcard that may stand for one) writes. */
const READ_VERBS = [
  "Get",
  "List",
  "Describe",
  "BatchGet",
  "Head",
  "Search",
  "Lookup",
  "View",
  "Query",
  "Scan",
  "Select",
  "Check",
  "Validate",
  "Test",
  "Filter",
  "Estimate",
  "Preview",
];

/** Whether the action (pattern) can stand for an action that changes something. */
export function canWrite(action: string): boolean {
  if (isEveryAction(action)) return true;
  const verb = action.slice(action.indexOf(":") + 1);
  const literal = verb.split(/[*?]/)[0];
  return !READ_VERBS.some((v) => literal.startsWith(v));
}

/** Actions that AWS only authorizes on `*` (no resource-level permissions): `*` is right for them. */
export const ONLY_ON_EVERY_RESOURCE = [
  "ecr:GetAuthorizationToken",
  "sts:GetCallerIdentity",
  "logs:DescribeLogGroups",
  "ec2:Describe*",
  "cloudwatch:PutMetricData",
  "cloudwatch:GetMetricData",
  "cloudwatch:ListMetrics",
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "s3:ListAllMyBuckets",
  "kms:ListAliases",
];

/** Whether the action pattern includes an action that can be limited to resources (CKV_AWS_355). */
export const isRestrictable = (action: string) =>
  !ONLY_ON_EVERY_RESOURCE.some(
    (only) => only.toLowerCase() === action.toLowerCase() || (!/[*?]/.test(action) && actionsOverlap(only, action)),
  );

/** Changing who may do what (cloudsplaining "permissions management"). */
export const PERMISSIONS_MANAGEMENT = [
  "iam:Attach*",
  "iam:Detach*",
  "iam:Put*Policy",
  "iam:Delete*Policy",
  "iam:Create*Policy*",
  "iam:SetDefaultPolicyVersion",
  "iam:UpdateAssumeRolePolicy",
  "iam:AddUserToGroup",
  "*:Put*Policy",
  "*:Set*Policy",
  "*:Delete*Policy",
  "*:AddPermission",
  "*:RemovePermission",
  "kms:CreateGrant",
  "s3:PutBucketAcl",
  "s3:PutObjectAcl",
];

/** Known privilege escalation paths: a path is open when every one of its actions is allowed. */
export const PRIVILEGE_ESCALATION: readonly (readonly string[])[] = [
  ["iam:CreatePolicyVersion"],
  ["iam:SetDefaultPolicyVersion"],
  ["iam:CreateAccessKey"],
  ["iam:CreateLoginProfile"],
  ["iam:UpdateLoginProfile"],
  ["iam:AttachUserPolicy"],
  ["iam:AttachGroupPolicy"],
  ["iam:AttachRolePolicy"],
  ["iam:PutUserPolicy"],
  ["iam:PutGroupPolicy"],
  ["iam:PutRolePolicy"],
  ["iam:AddUserToGroup"],
  ["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"],
  ["iam:PassRole", "ec2:RunInstances"],
  ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"],
  ["iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"],
  ["lambda:UpdateFunctionCode"],
  ["iam:PassRole", "glue:CreateDevEndpoint"],
  ["glue:UpdateDevEndpoint"],
  ["iam:PassRole", "cloudformation:CreateStack"],
  ["iam:PassRole", "datapipeline:CreatePipeline"],
];

/** Actions that hand out credentials (cloudsplaining "credentials exposure", without ecr:GetAuthorizationToken as checkov). */
export const CREDENTIALS_EXPOSURE = [
  "iam:CreateAccessKey",
  "iam:UpdateAccessKey",
  "iam:CreateLoginProfile",
  "iam:CreateServiceSpecificCredential",
  "iam:ResetServiceSpecificCredential",
  "sts:AssumeRole",
  "sts:AssumeRoleWithSAML",
  "sts:AssumeRoleWithWebIdentity",
  "sts:GetFederationToken",
  "sts:GetSessionToken",
  "ec2:GetPasswordData",
  "redshift:GetClusterCredentials",
  "rds-db:Connect",
  "sso:GetRoleCredentials",
];

/** Actions that read data out (cloudsplaining "data exfiltration"). */
export const DATA_EXFILTRATION = [
  "s3:GetObject",
  "ssm:GetParameter",
  "ssm:GetParameters",
  "ssm:GetParametersByPath",
  "secretsmanager:GetSecretValue",
];
