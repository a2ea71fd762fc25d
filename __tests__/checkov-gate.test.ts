// The security gate, `npm run checkov`, as one test: it runs beside the other test files (the
// sequencer starts it first), so checkov's start-up overlaps Jest's terraform work instead of
// delaying it. Its report (every finding, every unit test) is printed when it fails. The gate's own
// test, the deliberate regressions, is checkov-regressions.e2e.ts.
import { spawnSync } from "child_process";
import * as path from "path";

const ROOT = path.join(__dirname, "..");

test("npm run checkov: every stack fails only what SECURITY.md accepts, every accepted exception occurs, and our checks' unit tests pass", () => {
  // Synchronous: the worker holds no handle of the run, whose temp folder and checkov end with it.
  const r = spawnSync(process.execPath, [path.join(ROOT, "scripts", "tool.js"), "checkov"], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    // The first run installs the pinned checkov (about a minute); on a busy machine checkov takes minutes.
    timeout: 850_000,
  });
  const output = `${r.stdout}${r.stderr}`;
  if (r.status !== 0) throw new Error(`npm run checkov exited ${r.status ?? r.signal}:\n${output}`);
  expect(output).toMatch(/^policy: 0 findings to fix, 0 stale exceptions in SECURITY\.md, \d+ accepted, in \d+ stacks$/m);
  expect(output).toContain("checkov-checks/ unit tests: passed");
}, 900_000);
