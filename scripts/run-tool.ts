import { ConfigError } from "../src/config/load";

/** An error whose message says all the user needs: printed without a stack trace. */
export class UsageError extends Error {}

/** Runs a command-line tool: configuration and usage errors print their message and exit 1. */
export function runTool(main: () => void | Promise<void>) {
  Promise.resolve()
    .then(main)
    .catch((e) => {
      if (e instanceof ConfigError || e instanceof UsageError) console.error(e.message);
      else {
        console.error(e instanceof Error ? e.stack : e);
        // The tools run from a minified bundle (scripts/bundled.js).
        if (e instanceof Error && !process.sourceMapsEnabled)
          console.error("(The trace is of the bundle: run again with NODE_OPTIONS=--enable-source-maps to see the sources.)");
      }
      process.exit(1);
    });
}
