import { ConfigError } from "../src/config/load";

/** An error whose message says all the user needs: printed without a stack trace. */
export class UsageError extends Error {}

/** Runs a command-line tool: configuration and usage errors print their message and exit 1. */
export function runTool(main: () => void | Promise<void>) {
  Promise.resolve()
    .then(main)
    .catch((e) => {
      console.error(e instanceof ConfigError || e instanceof UsageError ? e.message : e instanceof Error ? e.stack : e);
      process.exit(1);
    });
}
