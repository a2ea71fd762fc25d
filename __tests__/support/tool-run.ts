// A tool run as `npm run <tool>` starts it: `node scripts/tool.js <tool> ...args` in the project.
import { spawnSync } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");

/** `node scripts/tool.js ...args` from the project root, with `env` over the test's environment. */
export const tool = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ["scripts/tool.js", ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8" });

/** A stack trace's frame line: what no expected failure may print. */
export const TRACE = /^\s+at .+\(.+:\d+:\d+\)$/m;
