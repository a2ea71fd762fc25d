// What the app prints, run as `cdktn synth` runs it: the certificate warning once, on one line, for the
// selected environment; a configuration error once, whether the CLI runs the app or it runs alone.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { configurationErrorIn } from "../src/config/cli-error-report";
import { APP, ROOT } from "./support/app-runs";

let outdir: string;
beforeAll(() => (outdir = fs.mkdtempSync(path.join(os.tmpdir(), "mlops-quiet-"))));
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

/** The app as `cdktn synth` runs it: its stdout, stderr and the annotations of its manifest. */
function synth(env: Record<string, string> = {}) {
  const run = spawnSync("sh", ["-c", APP], { cwd: ROOT, env: { ...process.env, CDKTF_OUTDIR: outdir, ...env }, encoding: "utf8" });
  expect(run.stderr).toBe("");
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
  const annotations = Object.values(manifest.stacks as Record<string, { annotations: { message: string }[] }>).flatMap((s) =>
    s.annotations.map((a) => a.message),
  );
  return { stdout: run.stdout, annotations };
}

test("the certificate warning is for the selected environment alone, one short line; notes and warnings go to stdout as themselves", () => {
  // The CLI prints it on every command, deploy network and destroy included.
  const [warning, ...more] = synth().annotations;
  expect(more).toEqual([]);
  // Its words are demo-alb-stack.test.ts's; here, that the app prints it once, on one line.
  expect(warning).toMatch(/^No certificate for prod: [^\n]*$/);
  const dev = synth({ MLOPS_ENV: "dev", MLOPS_EXTRA_INTERFACE_ENDPOINTS: "foobar" });
  expect(dev.annotations).toEqual([expect.stringMatching(/^No certificate for dev:/)]);
  expect(dev.stdout).toMatch(
    /^Warning: MLOPS_EXTRA_INTERFACE_ENDPOINTS \(dev\.extraInterfaceEndpoints\) = "foobar": not a service AWS lists/m,
  );
});

describe("a configuration error is printed once", () => {
  const BAD = { MLOPS_VPC_CIDR: "10.0.0.0/33" };
  const PROBLEM = 'MLOPS_VPC_CIDR (prod.vpcCidr) = "10.0.0.0/33": has a prefix length above 32';
  const count = (text: string, part: string) => text.split(part).length - 1;

  test("run by the CLI, the app reports it as the one error annotation of a placeholder stack, keeps the last good stacks, and prints nothing itself", () => {
    // The CLI sets this variable for the app (cdktn-cli, as cdktf-cli did) and prints error annotations once.
    const cli = { CDKTF_OUTDIR: outdir, CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: "true" };
    expect(spawnSync("sh", ["-c", APP], { cwd: ROOT, env: { ...process.env, ...cli }, encoding: "utf8" }).status).toBe(0);
    const good = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")).stacks;
    const run = spawnSync("sh", ["-c", APP], { cwd: ROOT, env: { ...process.env, ...BAD, ...cli }, encoding: "utf8" });
    expect([run.status, run.stdout, run.stderr]).toEqual([0, "", ""]);
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
    // The CLI removes the folder of every stack its manifest does not name: the good ones stay named, quiet.
    expect(Object.keys(manifest.stacks).sort()).toEqual([...Object.keys(good), "configuration"].sort());
    for (const name of Object.keys(good)) expect(manifest.stacks[name]).toEqual({ ...good[name], annotations: [] });
    expect(manifest.stacks.configuration.annotations).toEqual([
      expect.objectContaining({ level: "@cdktf/error", message: expect.stringContaining(PROBLEM) }),
    ]);
    expect(configurationErrorIn(outdir)).toContain(PROBLEM);
    // A stack folder removed by hand since is left out: the CLI would fail reading it before printing the error.
    fs.rmSync(path.join(outdir, "stacks", "network-dev"), { recursive: true });
    expect(spawnSync("sh", ["-c", APP], { cwd: ROOT, env: { ...process.env, ...BAD, ...cli }, encoding: "utf8" }).status).toBe(0);
    const after = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")).stacks;
    expect(Object.keys(after).sort()).toEqual([...Object.keys(good).filter((n) => n !== "network-dev"), "configuration"].sort());
  });

  test("run on its own, the app prints it on stderr and exits 1", () => {
    const run = spawnSync("sh", ["-c", APP], { cwd: ROOT, env: { ...process.env, ...BAD, CDKTF_OUTDIR: outdir }, encoding: "utf8" });
    expect([run.status, run.stdout, count(run.stderr, PROBLEM)]).toEqual([1, "", 1]);
  });
});
