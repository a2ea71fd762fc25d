import { removeOutsideInputs } from "./hermetic-env";
import { startTempCheck, TempCheck } from "./temp-folders";

/** Runs once in Jest's main process, before the workers start: they inherit what is set here. */
export default function globalSetup() {
  removeOutsideInputs();
  // Child processes: tsx keeps no compile cache in the checked temp folder, and cdktf's
  // util.isArray deprecation is silenced as .npmrc does for the npm scripts (`npx jest` skips it).
  process.env.TSX_DISABLE_CACHE = "1";
  process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, "--disable-warning=DEP0044"].filter(Boolean).join(" ");
  (globalThis as { mlopsTempCheck?: TempCheck }).mlopsTempCheck = startTempCheck();
}
