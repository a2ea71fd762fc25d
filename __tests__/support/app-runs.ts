// The app and the tools run as processes, as `cdktn synth` and `npm run` start them, from the
// project or from a copy of it elsewhere (as on another machine).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..", "..");

const temporary: string[] = [];
/** A temp folder, removed when the test file is done. */
export const tempDir = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temporary.push(dir);
  return dir;
};
afterAll(() => temporary.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** cdktf.json's app command: what `cdktn synth` runs. */
export const APP = JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")).app as string;

/** Runs the app as `cdktn synth` does, from `projectDir`, into a fresh output folder. */
export function synthApp(projectDir: string, env: Record<string, string> = {}) {
  const outdir = tempDir("mlops-synth-");
  const result = spawnSync("sh", ["-c", APP], {
    cwd: projectDir,
    env: { ...process.env, CDKTF_OUTDIR: outdir, ...env },
    encoding: "utf8",
  });
  return { outdir, ...result };
}

/** The project's sources at another path (as on another machine), sharing node_modules. */
export function copyOfProject(): string {
  const copy = tempDir("other-machine-");
  for (const item of ["main.ts", "src", "config", "scripts", "package.json", "package-lock.json", "tsconfig.json", "cdktf.json"]) {
    // With their times: a bundle built from files saved within the last seconds is not cached.
    fs.cpSync(path.join(ROOT, item), path.join(copy, item), { recursive: true, preserveTimestamps: true });
  }
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"));
  return copy;
}
