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
