import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

/** Children still running when the test ends (it timed out): killed, or they would keep the Jest worker alive. */
const running = new Set<ChildProcess>();
afterAll(() => running.forEach((child) => child.kill("SIGKILL")));

/** `npm run preview -- ...args` as a child process, with `tmp` as its temp folder. */
function preview(tmp: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // TSX_DISABLE_CACHE: tsx would otherwise keep its compile cache in the temp folder.
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/preview.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, TMPDIR: tmp, TSX_DISABLE_CACHE: "1" },
    });
    running.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => {
      running.delete(child);
      resolve({ status, stdout, stderr });
    });
  });
}

test("two previews at once both succeed, each in a temp folder of its own that it removes", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "preview-runs-"));
  try {
    const runs = await Promise.all([preview(tmp, ["--from-scratch"]), preview(tmp, ["--from-scratch"])]);
    for (const run of runs) {
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: "" });
      expect(run.stdout).toMatch(/^Stack network: 45 to add, 0 to change, 0 to destroy\n {2}FROM-SCRATCH plan/m);
      expect(run.stdout).toMatch(/^Stack demo-alb: \d+ to add/m);
    }
    expect(runs[1].stdout).toBe(runs[0].stdout);
    expect(fs.readdirSync(tmp)).toEqual([]);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
