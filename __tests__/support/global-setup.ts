import { removeOutsideInputs } from "./hermetic-env";
import { startTempCheck, TempCheck } from "./temp-folders";

/** Runs once in Jest's main process, before the workers start: they inherit what is set here. */
export default function globalSetup() {
  removeOutsideInputs();
  // Child processes: tsx keeps no compile cache in the checked temp folder, and Node 24's
  // deprecation notices about third-party code (util.isArray) do not count as a tool's stderr.
  process.env.TSX_DISABLE_CACHE = "1";
  process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, "--no-deprecation"].filter(Boolean).join(" ");
  (globalThis as { mlopsTempCheck?: TempCheck }).mlopsTempCheck = startTempCheck();
}
