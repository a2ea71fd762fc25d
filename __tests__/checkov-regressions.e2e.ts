// The gate's own test: each deliberate regression of src/policy/mutations.ts, judged by checkov in
// one process (`npm run checkov -- --regressions`), is caught by exactly the checks it lists. Here,
// not in npm test: their stacks, five times as many as the gate reads, would more than double its time.
import { spawnSync } from "child_process";
import * as path from "path";
import { MUTATIONS } from "../src/policy/mutations";

const ROOT = path.join(__dirname, "..");

test("npm run checkov -- --regressions: every deliberate regression is caught as listed", () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, "scripts", "tool.js"), "checkov", "--regressions"], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    // The first run installs the pinned checkov (about a minute); on a busy machine checkov takes minutes.
    timeout: 850_000,
  });
  const output = `${r.stdout}${r.stderr}`;
  if (r.status !== 0) throw new Error(`npm run checkov -- --regressions exited ${r.status ?? r.signal}:\n${output}`);
  expect(output).toContain(`deliberate regressions (src/policy/mutations.ts): all ${MUTATIONS.length} caught`);
}, 900_000);
