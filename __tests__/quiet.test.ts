import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { configurationErrorIn } from "../src/config/cli-error-report";

const ROOT = path.resolve(__dirname, "..");
const APP = JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")).app as string;

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

test("the project's NODE_OPTIONS names the heap size, so the CLI does not warn that it lacks one", () => {
  // cdktn-cli warns when NODE_OPTIONS is set without --max-old-space-size (cdktn-cli bundle/bin/cmds/handlers.js).
  const options = /^node-options=(.*)$/m.exec(fs.readFileSync(path.join(ROOT, ".npmrc"), "utf8"))?.[1];
  expect(options).toContain("--max-old-space-size=");
});

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

test("npm test's checks print one line when they pass, so the tests come first; a failed one's output whole", () => {
  const report = (results: object[]) => {
    const code = `import("./scripts/check-report.mjs").then((m) => process.stdout.write(JSON.stringify(m.checkReport(${JSON.stringify(results)}))))`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", code], { cwd: ROOT, encoding: "utf8" });
    return JSON.parse(run.stdout);
  };
  const reachability = { name: "reachability", code: 0, output: 'Reachability of environment "prod"\n'.repeat(150) };
  const typecheck = { name: "typecheck", code: 0, output: "" };
  expect(report([typecheck, reachability])).toEqual({ stdout: "npm run typecheck, reachability: passed\n", stderr: "" });
  expect(report([typecheck, { ...reachability, code: 1 }])).toEqual({
    stdout: `npm run typecheck: passed\n${reachability.output}`,
    stderr: "npm run reachability failed (exit 1)\n",
  });
});

test("nothing a user reads cites the project's internal issue numbers", () => {
  const files = (dir: string): string[] =>
    fs
      .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
      .flatMap((e) =>
        e.isDirectory() ? files(path.join(dir, e.name)) : /\.(ts|js|mjs|json|md)$/.test(e.name) ? [path.join(dir, e.name)] : [],
      );
  const read = [...files("src"), ...files("scripts"), ...files("docs"), ...files("bench"), "README.md", "SECURITY.md"];
  expect(read.length).toBeGreaterThan(50);
  const cited = read.filter((file) => /\bissues? #\d+/i.test(fs.readFileSync(path.join(ROOT, file), "utf8")));
  expect(cited).toEqual([]);
});
