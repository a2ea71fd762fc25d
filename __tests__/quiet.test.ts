import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

test("the project's NODE_OPTIONS names the heap size, so the CLI does not warn that it lacks one", () => {
  // cdktn-cli warns when NODE_OPTIONS is set without --max-old-space-size (cdktn-cli bundle/bin/cmds/handlers.js).
  const options = /^node-options=(.*)$/m.exec(fs.readFileSync(path.join(ROOT, ".npmrc"), "utf8"))?.[1];
  expect(options).toContain("--max-old-space-size=");
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
