import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const APP = JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")).app as string;

let outdir: string;
beforeAll(() => (outdir = fs.mkdtempSync(path.join(os.tmpdir(), "mlops-quiet-"))));
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

/** The app as `cdktf synth` runs it: its stdout, stderr and the annotations of its manifest. */
function synth(env: Record<string, string> = {}) {
  const run = spawnSync("sh", ["-c", APP], { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: outdir, ...env }, encoding: "utf8" });
  expect(run.stderr).toBe("");
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
  const annotations = Object.values(manifest.stacks as Record<string, { annotations: { message: string }[] }>).flatMap((s) =>
    s.annotations.map((a) => a.message),
  );
  return { stdout: run.stdout, annotations };
}

test("the project's NODE_OPTIONS names the heap size, so cdktf does not warn that it lacks one", () => {
  // cdktf-cli warns when NODE_OPTIONS is set without --max-old-space-size (@cdktf/cli-core synth-stack.js).
  const options = /^node-options=(.*)$/m.exec(fs.readFileSync(path.join(ROOT, ".npmrc"), "utf8"))?.[1];
  expect(options).toContain("--max-old-space-size=");
});

test("the certificate warning is for the selected environment alone; notes and warnings go to stdout as themselves", () => {
  expect(synth().annotations).toEqual([expect.stringMatching(/^No certificate for environment prod,/)]);
  const dev = synth({ MLOPS_ENV: "dev", MLOPS_EXTRA_INTERFACE_ENDPOINTS: "foobar" });
  expect(dev.annotations).toEqual([expect.stringMatching(/^No certificate for environment dev,/)]);
  expect(dev.stdout).toMatch(
    /^Warning: MLOPS_EXTRA_INTERFACE_ENDPOINTS \(dev\.extraInterfaceEndpoints\) = "foobar": not a service AWS lists/m,
  );
});
