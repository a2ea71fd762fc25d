// npm test's checks before Jest: the type check, the linters and the reachability report, the npm
// scripts of those names. Each is mostly single-threaded, so they run side by side; the run fails if
// any of them fails. What is printed of them: scripts/check-report.mjs.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { checkReport } from "./check-report.mjs";

const CHECKS = ["typecheck", "lint", "reachability"];

const root = path.resolve(import.meta.dirname, "..");
const { scripts } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const env = {
  ...process.env,
  // What npm puts on PATH for its scripts, without starting npm three more times.
  PATH: `${path.join(root, "node_modules", ".bin")}${path.delimiter}${process.env.PATH}`,
};

/** Runs the npm script `name` as npm would; resolves with its exit code and its output. */
function run(name) {
  return new Promise((resolve) => {
    const child = spawn("sh", ["-c", scripts[name]], { cwd: root, env });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", (e) => resolve({ name, code: 1, output: `${output}${e.message}\n` }));
    child.on("close", (code) => resolve({ name, code: code ?? 1, output }));
  });
}

const results = await Promise.all(CHECKS.map(run));
const { stdout, stderr } = checkReport(results);
process.stdout.write(stdout);
process.stderr.write(stderr);
process.exitCode = results.some((r) => r.code !== 0) ? 1 : 0;
