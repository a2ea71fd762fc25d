// npm run adopt -- <stack>: takes over the network a reader built by hand with the walkthrough's
// console steps. Looks its resources up read-only (AWS credentials as for deploy; AWS_ENDPOINT_URL
// honoured), writes adopt/<stack>.json for review, plans the next deploy with the import blocks it
// gives and prints what that deploy does to each resource; refuses (exit 1, no file) when anything
// would be replaced or destroyed. docs/adopt.md has the details.
import * as path from "path";
import { adopt, AdoptUsageError } from "../src/adopt";
import { AdoptionError } from "../src/adopt/lookup";
import { runTool, UsageError } from "./run-tool";

const USAGE = "usage: npm run adopt -- STACK   (the network stack: network, or network-<env>; docs/adopt.md)";

runTool(
  async () => {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
    const args = process.argv.slice(2);
    const unknown = args.filter((a) => a.startsWith("-"));
    if (unknown.length) throw new UsageError(`unknown argument ${JSON.stringify(unknown[0])}: ${USAGE}`);
    if (args.length !== 1) throw new UsageError(USAGE);
    try {
      const ok = await adopt({ root: path.join(__dirname, ".."), stack: args[0], print: (line) => console.log(line) });
      if (!ok) process.exitCode = 1;
    } catch (e) {
      if (e instanceof AdoptionError || e instanceof AdoptUsageError) throw new UsageError(e.message);
      const aws = e as Error & { $metadata?: object };
      if (aws.name === "CredentialsProviderError")
        throw new UsageError(
          `No AWS credentials: adopt reads the account with the credentials a deploy uses (AWS_PROFILE, SSO, keys). ${aws.message}`,
        );
      // A network failure carries $metadata too: runTool names it with its own message.
      if (aws.$metadata && !("code" in aws)) throw new UsageError(`AWS refused the lookup (${aws.name}): ${aws.message}`);
      throw e;
    }
  },
  { usage: USAGE },
);
