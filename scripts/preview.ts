// npm run preview: what `cdktn deploy` would do, without an AWS account. Plans both stacks of the
// default environment (MLOPS_ENV picks another) offline — fake credentials, provider skip flags,
// no refresh: nothing is read from AWS — and summarizes them.
//
// Each stack is planned against its state when there is one, so that a change that replaces or
// destroys deployed resources is printed first, on "!!" lines, with the attributes that force it:
//   - the local state `terraform.<stack name>.tfstate` at the project root (the local backend's file)
//     is used when it exists;
//   - `--state network=FILE` / `--state demo-alb=FILE` names a state file instead, e.g. one pulled
//     from the S3 backend with `terraform state pull > network.tfstate` in cdktf.out/stacks/network;
//   - `--from-scratch` ignores every state.
// The state is copied into a temporary work dir and never written. When the network's state is
// known, the demo-alb plan reads its real outputs instead of placeholders. A stack without a state
// is a from-scratch plan, and the output says so.
//
// `npm run preview -- network` (or `demo-alb`) plans that stack alone: about 40% less CPU.
//
// The two stacks are planned side by side. Every run works in its own temporary folder and removes
// it, so previews can run side by side too.
import * as path from "path";
import { findStates, formatPreview, parsePreviewArgs, PREVIEW_USAGE, previewEnvironment } from "../src/tools/preview";
import { selectedEnvironment } from "./selected-environment";
import { runTool, UsageError } from "./run-tool";

/** Runs `f`; its error is the user's mistake, printed without a stack trace. */
function asUsage<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

runTool(
  async () => {
    const args = asUsage(() => parsePreviewArgs(process.argv.slice(2)));
    const { env, stacks } = selectedEnvironment();
    const states = asUsage(() => findStates(args, stacks.names, path.join(__dirname, "..")));
    console.log(formatPreview(env, await previewEnvironment(stacks, states, args.stacks)));
  },
  { usage: PREVIEW_USAGE },
);
