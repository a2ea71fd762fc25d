// Every tool's command line, run as `npm run` starts it: --help prints the usage and exits 0, and an
// argument the tool does not take is refused with the usage, never a trace.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { tool, TRACE } from "./support/tool-run";

const ROOT = path.join(__dirname, "..");

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "tool-arguments-"))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("every tool takes --help and refuses an unknown argument", () => {
  // Every tool of package.json but policy and checkov, which word their usage themselves (below).
  const { scripts } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const TOOLS = Object.keys(scripts).filter(
    (name) => scripts[name] === `node scripts/tool.js ${name}` && !["policy", "checkov"].includes(name),
  );

  test.each(TOOLS)("npm run %s", (name) => {
    const help = tool([name, "--help"]);
    expect([help.status, help.stdout, help.stderr]).toEqual([0, expect.stringMatching(/^usage: /), ""]);
    const bad = tool([name, "--no-such-flag"], { TF_PROVIDER_MIRROR: dir });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/unknown argument "?--no-such-flag/);
    expect(bad.stderr).not.toMatch(TRACE);
  });
});

describe("npm run checkov and npm run policy", () => {
  test.each(["checkov", "policy"])("npm run %s -- --help says what it does", (name) => {
    const r = tool([name, "--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^npm run ${name}`));
    expect(r.stdout).toContain("SECURITY.md");
  });

  test.each([
    ["checkov", "--mutations", /^npm run checkov takes --regressions or nothing \(got --mutations\)/],
    ["policy", "--allow-nat-egress", /^Unknown option --allow-nat-egress/],
  ])("npm run %s refuses %s, with the usage", (name, arg, message) => {
    const r = tool([name, arg]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain(`npm run ${name}`);
  });
});
