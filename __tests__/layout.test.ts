import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const SRC = path.resolve(__dirname, "..", "src");

/** What `cdktn synth` runs: the stacks and what they are built from. Nothing here may need a tool. */
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

/** Exported type names (interfaces, type aliases, classes, enums) of each source, read with TypeScript's parser. */
function exportedTypeNames(sources: Record<string, string>): Map<string, string[]> {
  const where = new Map<string, string[]>();
  for (const [file, text] of Object.entries(sources)) {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest);
    for (const statement of source.statements) {
      const typeLike =
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isEnumDeclaration(statement);
      const exported = ts.getModifiers(statement as ts.HasModifiers)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (typeLike && exported && statement.name) where.set(statement.name.text, [...(where.get(statement.name.text) ?? []), file]);
    }
  }
  return where;
}

const duplicates = (where: Map<string, string[]>) => [...where].filter(([, files]) => files.length > 1);

describe("one name, one meaning", () => {
  test("no exported type name is defined in two files of src/ (a second shape gets its own name)", () => {
    const files = fs.readdirSync(SRC, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    const sources = Object.fromEntries(files.map((f) => [f, fs.readFileSync(path.join(SRC, f), "utf8")]));
    expect(exportedTypeNames(sources).size).toBeGreaterThan(50);
    expect(duplicates(exportedTypeNames(sources))).toEqual([]);
  });

  test("the check finds a name defined twice, whatever kind of declaration", () => {
    const found = exportedTypeNames({
      "a.ts": "export interface Peer { cidr: string }\nexport type Only = 1;\ninterface Local {}",
      "b.ts": "export type Peer = { group: string };\ninterface Local {}",
    });
    expect(duplicates(found)).toEqual([["Peer", ["a.ts", "b.ts"]]]);
  });
});

describe("the tools read the synthesized stacks only through src/synthesized", () => {
  /** The tools that judge or draw the synthesized network. */
  const TOOLS = ["reachability", "cost", "tools/diagram", "tools/verify-expectations.ts", "policy/endpoint-proof.ts"];
  /** A resource type named in code, or a resource looked up by type or address: what only src/synthesized does. */
  const RAW_READ = /["']aws_[a-z0-9_]+["']|\b(resourcesOf|resourceAt|allResources)\(/g;
  const rawReads = (source: string) => source.match(RAW_READ) ?? [];

  test("no tool names a resource type or looks resources up itself", () => {
    const files = TOOLS.flatMap((t) =>
      t.endsWith(".ts")
        ? [t]
        : fs
            .readdirSync(path.join(SRC, t), { recursive: true, encoding: "utf8" })
            .filter((f) => f.endsWith(".ts"))
            .map((f) => path.join(t, f)),
    );
    expect(files.length).toBeGreaterThan(15);
    const found = files.map((f) => [f, rawReads(fs.readFileSync(path.join(SRC, f), "utf8"))]).filter(([, reads]) => reads.length > 0);
    expect(found).toEqual([]);
  });

  test("the check sees a raw read", () => {
    expect(rawReads(`const e = resourcesOf(stack, "aws_vpc_endpoint");`)).toEqual(["resourcesOf(", '"aws_vpc_endpoint"']);
  });
});
