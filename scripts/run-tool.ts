import { cleanUpOnSignals, stopping } from "../src/cleanup";
import { ConfigError } from "../src/config/load";
import { TerraformError } from "../src/offline/workdir";

/** An error whose message says all the user needs: printed without a stack trace. */
export class UsageError extends Error {}

/** Node's codes for a network that does not answer: the machine is offline, or a proxy is missing. */
const NETWORK_CODES = ["ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENETUNREACH", "EHOSTUNREACH"];

/**
 * The message of an expected failure — bad input, a missing file, terraform's own errors, a
 * network that does not answer — or undefined for a bug.
 */
export function expectedFailure(e: unknown): string | undefined {
  if (e instanceof ConfigError || e instanceof UsageError || e instanceof TerraformError) return e.message;
  const error = e as NodeJS.ErrnoException & { hostname?: string };
  if (error && NETWORK_CODES.includes(error.code ?? "")) {
    return `Cannot reach ${error.hostname ?? "the network"} (${error.code}): this command needs the internet (AWS's API). Check the connection, or set HTTPS_PROXY, and run it again.`;
  }
  return undefined;
}

export interface ToolOptions {
  /** Printed by `--help` (or `-h`), which then exits 0, and after an unknown argument. */
  readonly usage?: string;
  /**
   * The tool's arguments when it takes only these flags: any other argument is refused. Left out
   * by a tool that reads its arguments itself (and refuses what it does not know).
   */
  readonly flags?: readonly string[];
  /** The tool's own cleanup on Ctrl-C or SIGTERM, before its temp folders are removed. */
  readonly onSignal?: () => Promise<void>;
}

/**
 * Runs a command-line tool: expected failures print their message and exit 1; anything else is
 * a bug, printed with its trace and a line that says so. On SIGINT or SIGTERM its child processes
 * are stopped and its temp folders removed (src/cleanup.ts), and it exits 130 or 143.
 */
export function runTool(main: () => void | Promise<void>, options: ToolOptions = {}) {
  const args = process.argv.slice(2);
  if (options.usage && (args.includes("--help") || args.includes("-h"))) {
    console.log(options.usage);
    return;
  }
  cleanUpOnSignals(options.onSignal);
  Promise.resolve()
    .then(() => {
      const unknown = options.flags ? args.filter((a) => !options.flags!.includes(a)) : [];
      if (unknown.length) throw new UsageError(`unknown argument ${JSON.stringify(unknown[0])}\n${options.usage ?? ""}`.trim());
    })
    .then(main)
    .catch((e) => {
      // The signal's handler exits once the cleanup is done.
      if (stopping()) return;
      const expected = expectedFailure(e);
      if (expected !== undefined) console.error(expected);
      else {
        console.error(e instanceof Error ? e.stack : e);
        console.error("This is a bug in the tool, not a problem with your input: please report it with the trace above.");
        // The tools run from a minified bundle (scripts/bundled.js).
        if (e instanceof Error && !process.sourceMapsEnabled)
          console.error("(The trace is of the bundle: run again with NODE_OPTIONS=--enable-source-maps to see the sources.)");
      }
      process.exit(1);
    });
}
