// npm run rehearse [-- --env NAME]: the README's lifecycle (deploy the network, the demo ALB and the
// EKS hand-off, verify, destroy the demo, a refused protected destroy, the teardown) against a local
// AWS API emulator: moto_server on a free loopback port, or the one AWS_ENDPOINT_URL names. Nothing
// of the project or the user's state is written; exits 1 when a stage fails.
import * as path from "path";
import { rehearse, RehearsalError, stopRehearsal } from "../src/rehearsal";
import { runTool, UsageError } from "./run-tool";
import { ConsoleEgress, CONSOLE_EGRESS } from "../src/rehearsal/adoption";

const USAGE = `usage: npm run rehearse [-- [--env NAME] [--demo-domain NAME] [--fail-fast] [--adopt ${CONSOLE_EGRESS.join("|")}]]`;

runTool(async () => {
  // The pinned SDK runs on every Node the project supports; its notice about future SDK releases is for whoever upgrades it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const args = process.argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) return void console.log(USAGE);
  let envName: string | undefined;
  let failFast = false;
  let demoDomain: string | undefined;
  let adopt: ConsoleEgress | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--env" && args[i + 1]) envName = args[++i];
    else if (args[i] === "--fail-fast") failFast = true;
    else if (args[i] === "--demo-domain" && args[i + 1]) demoDomain = args[++i];
    else if (args[i] === "--adopt" && CONSOLE_EGRESS.includes(args[i + 1] as ConsoleEgress)) adopt = args[++i] as ConsoleEgress;
    else throw new UsageError(`unknown argument ${JSON.stringify(args[i])}: ${USAGE}`);
  }
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => void stopRehearsal().finally(() => process.exit(130)));
  }
  try {
    const ok = await rehearse({
      root: path.join(__dirname, ".."),
      envName,
      failFast,
      demoDomain,
      adopt,
      print: (line) => console.log(line),
    });
    if (!ok) process.exitCode = 1;
  } catch (e) {
    if (e instanceof RehearsalError) throw new UsageError(e.message);
    throw e;
  }
});
