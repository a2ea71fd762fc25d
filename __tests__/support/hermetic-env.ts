/**
 * Variables of the developer's shell that would change what the tests see: the tests build every
 * configuration themselves, plan offline and never reach AWS. Jest's global setup removes them
 * before any test file runs, so `npm test` gives the same results whatever is exported.
 */
const OUTSIDE_INPUTS: readonly { pattern: RegExp; why: string }[] = [
  { pattern: /^MLOPS_/, why: "configuration overrides and MLOPS_ENV (src/config/schema.ts)" },
  { pattern: /^CERTIFICATE_ARN$/, why: "the demo ALB's certificate override" },
  { pattern: /^TF_(VAR_|CLI_ARGS|WORKSPACE$|DATA_DIR$)/, why: "change what terraform plans, or where it keeps its files" },
  { pattern: /^AWS_/, why: "profiles, regions and keys: offline work dirs set fake credentials of their own" },
];

/** The names in `env` that the tests must not inherit. */
export function outsideInputs(env: NodeJS.ProcessEnv): string[] {
  return Object.keys(env).filter((name) => OUTSIDE_INPUTS.some(({ pattern }) => pattern.test(name)));
}

/** Removes those variables from `env` (the process's own environment by default); returns their names. */
export function removeOutsideInputs(env: NodeJS.ProcessEnv = process.env): string[] {
  const names = outsideInputs(env);
  for (const name of names) delete env[name];
  return names;
}

/** What a developer's shell might export; the dev environment differs from prod in every one. */
export const DEVELOPER_SHELL = {
  MLOPS_ENV: "dev",
  MLOPS_VPC_CIDR: "10.9.0.0/16",
  MLOPS_PUBLIC_SUBNET_CIDRS: "10.9.1.0/24,10.9.2.0/24",
  MLOPS_PRIVATE_SUBNET_CIDRS: "10.9.101.0/24,10.9.102.0/24",
  CERTIFICATE_ARN: "arn:aws:acm:ap-southeast-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
};
