// The security gate, `npm run checkov`, as one test: it runs beside the other test files (the
// sequencer starts it first), so checkov's start-up overlaps Jest's terraform work instead of
// delaying it. Its report (every finding, every regression) is printed when it fails.
import { ChildProcess, spawn } from "child_process";
import * as path from "path";

const ROOT = path.join(__dirname, "..");
let child: ChildProcess | undefined;
// A timed-out run is ended with the test file, not left behind (the gate removes its folder on SIGTERM).
afterAll(() => child?.kill("SIGTERM"));

test("npm run checkov: every stack fails only what SECURITY.md accepts, and every deliberate regression is caught", async () => {
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const gate = spawn(process.execPath, [path.join(ROOT, "scripts", "tool.js"), "checkov"], { cwd: ROOT });
    child = gate;
    let output = "";
    gate.stdout.on("data", (d) => (output += d));
    gate.stderr.on("data", (d) => (output += d));
    gate.on("close", (c) => {
      child = undefined;
      resolve({ code: c, output });
    });
  });
  if (code !== 0) throw new Error(`npm run checkov exited ${code}:\n${output}`);
  expect(output).toMatch(/deliberate regressions \(src\/policy\/mutations\.ts\): all \d+ caught/);
  // The first run installs the pinned checkov (about a minute), on a busy machine checkov takes minutes.
}, 900_000);
