import { ExceptionsError } from "../src/policy/exceptions";
import { CheckovError } from "../src/tools/checkov-install";
import { UsageError } from "./run-tool";

const asUsage = (e: unknown) => (e instanceof CheckovError || e instanceof ExceptionsError ? new UsageError(e.message) : e);

/** SECURITY.md's mistakes, a missing python3 and a broken check are the user's to fix: said without a stack trace. */
export async function asUsageError<T>(f: () => T | Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw asUsage(e);
  }
}
