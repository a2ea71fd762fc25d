import { partitionOf } from "../aws/partition";
import { PolicyJson } from "./policy-json";

/** GitHub's OIDC issuer, as IAM names its provider and its claims. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

/** Which of the repository's workflow runs may take the role. */
export type RoleUse = "deploy" | "plan";

/** A GitHub repository as `owner/name`. */
const REPOSITORY = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;

/**
 * The `sub` claims of the runs that may assume the role
 * (https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#example-subject-claims):
 * the deploy role only from jobs of the repository's GitHub environments `<env>` (the network, with
 * its required reviewers) and `<env>-demo` (the demo stack); the read-only plan role only from its
 * pull requests, the one workflow that takes it (.github/workflows/pull-request.yml). The claim names the environment, not the branch: both environments
 * must allow deployments from `main` only (docs/ci-deploy.md), or any branch could take the role.
 */
export function subjects(repository: string, envName: string, use: RoleUse): string[] {
  const repo = `repo:${repository}`;
  return use === "deploy" ? [`${repo}:environment:${envName}`, `${repo}:environment:${envName}-demo`] : [`${repo}:pull_request`];
}

/** The role's trust policy: GitHub's OIDC provider of `account`, for STS, from the runs `subjects` names. */
export function trustPolicy(repository: string, account: string, region: string, envName: string, use: RoleUse): PolicyJson {
  if (!REPOSITORY.test(repository)) throw new Error(`--trust ${JSON.stringify(repository)}: name the GitHub repository as owner/name`);
  if (!/^\d{12}$/.test(account))
    throw new Error(
      `--trust needs the environment's 12-digit accountId (the OIDC provider's ARN holds it): set accountId or MLOPS_ACCOUNT_ID`,
    );
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: `arn:${partitionOf(region)}:iam::${account}:oidc-provider/${GITHUB_OIDC_HOST}` },
        Action: "sts:AssumeRoleWithWebIdentity",
        // Values of one key are alternatives; the two keys must both match.
        Condition: {
          StringEquals: {
            [`${GITHUB_OIDC_HOST}:aud`]: "sts.amazonaws.com",
            [`${GITHUB_OIDC_HOST}:sub`]: subjects(repository, envName, use),
          },
        },
      },
    ],
  };
}
