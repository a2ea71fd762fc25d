// The cached builds the app and the tools run from (scripts/bundled.js), end to end: an edit is
// picked up at once, a tool gets its own arguments, and a build that may predate a save is not kept.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { copyOfProject, ROOT, synthApp } from "./support/app-runs";

/** The project's sources elsewhere, edited by the tests. */
const otherMachine = copyOfProject();

test("an edited source is synthesized at once: the cached build is never stale", () => {
  const read = (outdir: string) => JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "network", "cdk.tf.json"), "utf8"));
  // The first synth builds and caches the bundle the edit must not be served from.
  const first = synthApp(otherMachine);
  expect(first.status).toBe(0);
  expect(read(first.outdir).output.vpc_id.description).toBe("Hybrid VPC ID");
  const outputs = path.join(otherMachine, "src", "stacks", "network-outputs.ts");
  fs.writeFileSync(outputs, fs.readFileSync(outputs, "utf8").replace('description: "Hybrid VPC ID"', 'description: "Edited VPC ID"'));
  const edited = synthApp(otherMachine);
  expect(edited.status).toBe(0);
  expect(read(edited.outdir).output.vpc_id.description).toBe("Edited VPC ID");
});

/** `node scripts/tool.js ...args` in `cwd`, without a provider mirror (terraform-rc then says to set one). */
const tool = (cwd: string, ...args: string[]) => {
  const { TF_PROVIDER_MIRROR: _, ...env } = process.env;
  return spawnSync(process.execPath, ["scripts/tool.js", ...args], { cwd, env, encoding: "utf8" });
};

test("npm run tools run from a cached bundle too: with their own arguments, never stale, and only tools", () => {
  expect(tool(ROOT, "preview", "--destroy")).toMatchObject({
    status: 1,
    stderr: expect.stringMatching(/^unknown argument "--destroy"\nusage: npm run preview/),
  });
  // The smallest tool, edited in the copy after a first run.
  expect(tool(otherMachine, "terraform-rc")).toMatchObject({ status: 1, stderr: expect.stringMatching(/^Set TF_PROVIDER_MIRROR to/) });
  const source = path.join(otherMachine, "scripts", "terraform-rc.ts");
  fs.writeFileSync(source, fs.readFileSync(source, "utf8").replace("`Set ${MIRROR_VARIABLE} to", "`Edited: set ${MIRROR_VARIABLE} to"));
  expect(tool(otherMachine, "terraform-rc").stderr).toMatch(/^Edited: set TF_PROVIDER_MIRROR to/);
  for (const notATool of ["../main", "run-tool", "selected-environment"]) {
    expect(tool(ROOT, notATool)).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(/^usage: node scripts\/tool\.js TOOL \[args\.\.\.\], TOOL one of cost, /),
    });
  }
  const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts as Record<string, string>;
  for (const [name, command] of Object.entries(scripts).filter(([, c]) => c.includes("scripts/tool.js"))) {
    expect({ name, command }).toEqual({ name, command: `node scripts/tool.js ${name}` });
  }
});

test("a bundle built from a source saved in the last seconds runs, but is not cached: it may predate the save", () => {
  const copy = copyOfProject();
  const source = path.join(copy, "scripts", "terraform-rc.ts");
  const cached = path.join(copy, ".build", "scripts--terraform-rc.inputs.json");
  fs.appendFileSync(source, "\n");
  expect(tool(copy, "terraform-rc").status).toBe(1);
  expect(fs.existsSync(cached)).toBe(false);
  const earlier = new Date(Date.now() - 60_000);
  fs.utimesSync(source, earlier, earlier);
  expect(tool(copy, "terraform-rc").status).toBe(1);
  expect(fs.existsSync(cached)).toBe(true);
});
