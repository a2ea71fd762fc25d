import { finishTempCheck, leftoverMessage, TempCheck } from "./temp-folders";

/** Fails the run when a test or tool left something in the run's temporary folder. */
export default function globalTeardown() {
  const check = (globalThis as { mlopsTempCheck?: TempCheck }).mlopsTempCheck;
  if (!check) return;
  const left = finishTempCheck(check);
  if (left.length > 0) throw new Error(leftoverMessage(left));
}
