import { removeOutsideInputs } from "./hermetic-env";
import { startTempCheck, TempCheck } from "./temp-folders";

/** Runs once in Jest's main process, before the workers start: they inherit what is set here. */
export default function globalSetup() {
  removeOutsideInputs();
  // Child processes: cdktf's util.isArray deprecation is silenced as .npmrc does for the npm
  // scripts (`npx jest` skips it).
  process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, "--disable-warning=DEP0044"].filter(Boolean).join(" ");
  (globalThis as { mlopsTempCheck?: TempCheck }).mlopsTempCheck = startTempCheck();
}
