import { removeOutsideInputs } from "./hermetic-env";
import { startTempCheck, TempCheck } from "./temp-folders";

/** Runs once in Jest's main process, before the workers start: they inherit what is set here. */
export default function globalSetup() {
  removeOutsideInputs();
  (globalThis as { mlopsTempCheck?: TempCheck }).mlopsTempCheck = startTempCheck();
}
