import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const SRC = path.resolve(__dirname, "..", "src");

/** What `cdktf synth` runs: the stacks and what they are built from. Nothing here may need a tool. */
const SYNTH_TIME = ["app.ts", "aws", "config", "eks", "network", "demo-alb", "stacks"];

/** The folder (or root file) of `src` a file belongs to. */
const partOf = (file: string) => path.relative(SRC, file).split(path.sep)[0];

/** Imports between parts of `src`, as `from -> to` pairs, read with TypeScript's own import scanner. */
function partImports(): [string, string][] {
  const pairs = new Set<string>();
  const files = fs.readdirSync(SRC, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
  for (const file of files.map((f) => path.join(SRC, f))) {
    for (const { fileName } of ts.preProcessFile(fs.readFileSync(file, "utf8")).importedFiles) {
      if (!fileName.startsWith(".")) continue;
      const target = path.resolve(path.dirname(file), fileName);
      const [from, to] = [partOf(file), partOf(target.endsWith(".json") ? target : `${target}.ts`)];
      if (from !== to) pairs.add(JSON.stringify([from, to]));
    }
  }
  return [...pairs].map((p) => JSON.parse(p));
}

describe("src/ is layered by audience", () => {
  const imports = partImports();

  test("it is read correctly: the stacks import the network constructs, the preview the offline harness", () => {
    expect(imports).toEqual(
      expect.arrayContaining([
        ["stacks", "network"],
        ["tools", "offline"],
      ]),
    );
  });

  test("synth-time code imports nothing but synth-time code (not the offline harness, the tools or their readers)", () => {
    const outward = imports.filter(([from, to]) => SYNTH_TIME.includes(from) && !SYNTH_TIME.includes(to));
    expect(outward).toEqual([]);
  });

  test("no import loops between folders", () => {
    const next = (part: string) => imports.filter(([from]) => from === part).map(([, to]) => to);
    const loops: string[] = [];
    const visit = (part: string, trail: string[]) => {
      if (trail.includes(part)) return void loops.push([...trail.slice(trail.indexOf(part)), part].join(" -> "));
      for (const to of next(part)) visit(to, [...trail, part]);
    };
    for (const part of new Set(imports.map(([from]) => from))) visit(part, []);
    expect([...new Set(loops)]).toEqual([]);
  });
});
