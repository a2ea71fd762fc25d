// `npm run test:e2e`: the tools stopped by a signal, as Ctrl-C stops them (each runs for seconds
// before the signal), apart from `npm test`.
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.join(__dirname, "..");

/** Waits until `ready` holds, checking every 100 ms; fails after `ms`. */
async function until(ready: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Starts `npm run <tool>` as tool.js runs it, with a temp folder of its own; once the tool's work
 * folder (`prefix`…) exists, sends `signal`. Resolves with the exit code, the output and what is
 * left in the temp folder.
 */
async function interrupt(tool: string, prefix: string, signal: NodeJS.Signals) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "signals-"));
  try {
    const child = spawn(process.execPath, ["scripts/tool.js", tool], { cwd: ROOT, env: { ...process.env, TMPDIR: tmp } });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    await until(() => fs.readdirSync(tmp).some((name) => name.startsWith(prefix)) || child.exitCode !== null, 120_000, `${prefix}*`);
    child.kill(signal);
    const code = await exited;
    return { code, output, left: fs.readdirSync(tmp) };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

describe("a tool stopped by a signal stops its children, removes its temp folders and exits 128 + the signal", () => {
  test.each<[NodeJS.Signals, number]>([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ])("npm run preview on %s", async (signal, code) => {
    const run = await interrupt("preview", "mlops-preview-", signal);
    expect(run).toEqual({ code, output: "", left: [] });
  });

  // The rehearsal starts moto_server (requirements-rehearsal.txt); without it, it stops before any work.
  const moto = spawnSync("moto_server", ["--help"], { stdio: "ignore" }).error === undefined;
  (moto ? test : test.skip)(
    `npm run rehearse on SIGINT: its folder (the project copy, the emulator's log) removed${moto ? "" : " (skipped: moto_server is not installed)"}`,
    async () => {
      const run = await interrupt("rehearse", "mlops-rehearsal-", "SIGINT");
      expect({ code: run.code, left: run.left }).toEqual({ code: 130, left: [] });
    },
  );
});

test("npm run change-guide on SIGTERM once its checks have started: it stops them with what they started, and its copy is removed", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "signals-"));
  try {
    const child = spawn(process.execPath, ["scripts/tool.js", "change-guide"], { cwd: ROOT, env: { ...process.env, TMPDIR: tmp } });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    // The checks' own temp folder is made just before they start.
    const checking = () =>
      fs.readdirSync(tmp).some((name) => name.startsWith("mlops-change-guide-") && fs.existsSync(path.join(tmp, name, "tmp")));
    const end = Date.now() + 120_000;
    while (!checking() && child.exitCode === null && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 100));
    child.kill("SIGTERM");
    expect({ code: await exited, left: fs.readdirSync(tmp) }).toEqual({ code: 143, left: [] });
    // Nothing it started is left to write into the folder later.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(fs.readdirSync(tmp)).toEqual([]);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
