// The pinned checkov's install into .venv-checkov (src/tools/checkov-install.ts) as processes run it,
// with a stand-in python3 whose pip pauses: two installs at once, and a version change.
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ensureCheckov } from "../src/tools/checkov-install";
import { pinnedCheckovProject } from "./support/checkov-project";

const ROOT = path.join(__dirname, "..");

describe("the pinned checkov installs itself into .venv-checkov", () => {
  const project = pinnedCheckovProject();

  /**
   * A stand-in python3 on PATH: `-m venv DIR` makes DIR/bin/python (itself), and that python's
   * `-m pip install` writes the checkov package metadata into its own environment, after a pause
   * that lets two installs overlap.
   */
  function fakePython(): string {
    const dir = project();
    const bin = path.join(dir, "fake-bin");
    fs.mkdirSync(bin);
    const script = [
      "#!/bin/sh",
      'if [ "$2" = venv ]; then mkdir -p "$3/bin" "$3/lib/python3.11/site-packages" && cp "$0" "$3/bin/python"; exit $?; fi',
      'if [ "$2" = pip ]; then sleep 1; mkdir -p "$(dirname "$0")/../lib/python3.11/site-packages/checkov-3.3.30.dist-info"; exit $?; fi',
      "exit 2",
    ].join("\n");
    fs.writeFileSync(path.join(bin, "python3"), script, { mode: 0o755 });
    return bin;
  }

  test("two runs at once both get the one environment; no half-built folder is left", async () => {
    const dir = project();
    const bin = fakePython();
    const entry = path.join(dir, "install.js");
    // Each run in a process of its own, as two `npm test` runs or Jest workers would be.
    fs.writeFileSync(
      entry,
      `require(${JSON.stringify(path.join(ROOT, "scripts", "bundled.js"))}).runBundled("__tests__/support/ensure-checkov.ts");`,
    );
    const run = () =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, [entry, dir], {
          env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` },
        });
        let out = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (out += d));
        child.on("close", (code) => resolve({ code, out }));
      });
    const [a, b] = await Promise.all([run(), run()]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect([a.out, b.out].map((o) => o.trim().split("\n").pop())).toEqual([
      `${path.join(dir, ".venv-checkov", "bin", "python")} 3.3.30`,
      `${path.join(dir, ".venv-checkov", "bin", "python")} 3.3.30`,
    ]);
    expect(fs.readdirSync(dir).filter((n) => n.startsWith(".venv-checkov"))).toEqual([".venv-checkov"]);
    // Installed: the next run starts nothing.
    expect(ensureCheckov(dir, () => undefined).version).toBe("3.3.30");
  }, 60_000);

  test("another pinned version replaces the environment", () => {
    const dir = project();
    const bin = fakePython();
    fs.mkdirSync(path.join(dir, ".venv-checkov", "bin"), { recursive: true });
    fs.writeFileSync(path.join(dir, ".venv-checkov", "bin", "python"), "");
    fs.mkdirSync(path.join(dir, ".venv-checkov", "lib", "python3.11", "site-packages", "checkov-3.3.1.dist-info"), { recursive: true });
    const path0 = process.env.PATH;
    process.env.PATH = `${bin}${path.delimiter}${path0}`;
    const lines: string[] = [];
    try {
      expect(ensureCheckov(dir, (l) => lines.push(l)).version).toBe("3.3.30");
    } finally {
      process.env.PATH = path0;
    }
    expect(lines).toEqual(["Installing checkov 3.3.30 (requirements-checkov.txt) into .venv-checkov: once, about a minute…"]);
    expect(fs.readdirSync(path.join(dir, ".venv-checkov", "lib", "python3.11", "site-packages"))).toEqual(["checkov-3.3.30.dist-info"]);
    expect(fs.readdirSync(dir).filter((n) => n.startsWith(".venv-checkov"))).toEqual([".venv-checkov"]);
  }, 30_000);
});
