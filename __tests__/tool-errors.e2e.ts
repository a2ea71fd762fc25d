// The tools' expected failures as a user meets them, run as processes: one message, the fix, no trace.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { tool, TRACE } from "./support/tool-run";

const ROOT = path.join(__dirname, "..");

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "tool-errors-"))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test("npm run preview: --state naming a folder exits 1 with one message and no trace", () => {
  const bad = tool(["preview", "--state", `network=${dir}`]);
  expect(bad.status).toBe(1);
  expect(bad.stderr).toMatch(/: is a folder; name a Terraform state file/);
  expect(bad.stderr).not.toMatch(TRACE);
});

test("the diagram of another environment may not overwrite the committed picture", () => {
  const svg = path.join(ROOT, "docs", "architecture.svg");
  const before = fs.statSync(svg).mtimeMs;
  const run = tool(["diagram", "--write"], { MLOPS_ENV: "dev" });
  expect([run.status, run.stderr.trim()]).toEqual([
    1,
    "npm run diagram: --write updates docs/architecture.svg, the default environment's picture; environment dev is drawn into .out/diagram/architecture-dev.svg: run it without --write",
  ]);
  expect(fs.statSync(svg).mtimeMs).toBe(before);
});

test("verify without credentials names the profile that gives none, without a trace or the SDK's Node notice", () => {
  const run = tool(["verify"], {
    AWS_PROFILE: "no-such-profile",
    HOME: dir,
    AWS_CONFIG_FILE: path.join(dir, "none"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, "none"),
  });
  expect(run.status).toBe(1);
  expect(run.stderr.trim()).toMatch(
    /^npm run verify reads the deployed account, but AWS_PROFILE=no-such-profile gives no credentials: .*aws configure list-profiles/,
  );
  expect(run.stderr).not.toMatch(TRACE);
  expect(run.stderr).not.toMatch(/NodeVersionSupportWarning/);
});
