import { ExceptionsError } from "../src/policy/exceptions";
import { CheckovSetupError } from "../src/tools/checkov-install";
import { UsageError } from "./run-tool";

/** SECURITY.md's mistakes and a missing python3 are the user's to fix: said without a stack trace. */
export function asUsageError<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof CheckovSetupError || e instanceof ExceptionsError) throw new UsageError(e.message);
    throw e;
  }
}
