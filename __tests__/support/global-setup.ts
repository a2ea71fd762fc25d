import { removeOutsideInputs } from "./hermetic-env";
import { startTempCheck, TempCheck } from "./temp-folders";

/** Runs once in Jest's main process, before the workers start: they inherit what is set here. */
export default function globalSetup() {
  removeOutsideInputs();
  // The tests synthesize hundreds of stacks: without the stack trace CDK Terrain captures for every
  // token (see scripts/bundled.js) each synth takes a tenth of the time.
  process.env.CDKTN_DISABLE_CREATION_STACK ??= "1";
  (globalThis as { mlopsTempCheck?: TempCheck }).mlopsTempCheck = startTempCheck();
}
