import * as fs from "fs";
import * as path from "path";
import { anchors } from "./support/markdown";

const ROOT = path.resolve(__dirname, "..");
const DESIGN = fs.readFileSync(path.join(ROOT, "docs", "design.md"), "utf8");

const ANCHORS = anchors(DESIGN);

/** The other pages of docs/ (the design doc itself cites the walkthrough: that is its job). */
const docPages = () =>
  fs
    .readdirSync(path.join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md") && f !== "design.md")
    .map((f) => path.join("docs", f));

/** Tracked text files that may point into the design doc: the code, the scripts and the other docs. */
function sources(): string[] {
  const files = [
    "README.md",
    "SECURITY.md",
    "main.ts",
    ".ci/run",
    ...docPages(),
    ...fs.readdirSync(ROOT).filter((f) => /^jest\..*js$/.test(f)),
  ];
  for (const dir of ["src", "scripts", "__tests__", "examples", "bench"]) {
    for (const f of fs.readdirSync(path.join(ROOT, dir), { recursive: true, encoding: "utf8" })) {
      if (/\.(ts|js|cjs|tf|md)$/.test(f) && !f.includes("__snapshots__")) files.push(path.join(dir, f));
    }
  }
  return files;
}

describe("docs/design.md, the walkthrough mapped to the code", () => {
  test("every pointer into it names a heading that exists", () => {
    const broken: string[] = [];
    for (const file of sources()) {
      const text = fs.readFileSync(path.join(ROOT, file), "utf8");
      for (const [, anchor] of text.matchAll(/design\.md#([\w-]+)/g)) if (!ANCHORS.has(anchor)) broken.push(`${file}: #${anchor}`);
    }
    expect(broken).toEqual([]);
  });

  test("its own links go to files that exist and to its own headings", () => {
    const links = [...DESIGN.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((l) => !/^https?:/.test(l));
    expect(links.length).toBeGreaterThan(20);
    const broken = links.filter((l) =>
      l.startsWith("#") ? !ANCHORS.has(l.slice(1)) : !fs.existsSync(path.join(ROOT, "docs", l.split("#")[0])),
    );
    expect(broken).toEqual([]);
  });

  test("nothing cites a section of the walkthrough, a document not in the repository, except through it", () => {
    // "seed section 4.1", "the seed's 1.6", "seed (4.3)", "section 5.2 of the seed", "§6 of the walkthrough" …
    const citation =
      /\b(?:seed|walkthrough)(?:'s)?\s+(?:section\s*\d|§\s*\d|\(\d|\d+\.\d)|(?:\bsection|§)\s*\d[\d.]*\s+of\s+the\s+(?:seed|walkthrough)/i;
    const citing = sources()
      .filter((file) => file !== path.join("__tests__", "design-doc.test.ts"))
      .flatMap((file) =>
        fs
          .readFileSync(path.join(ROOT, file), "utf8")
          .split("\n")
          .filter((line) => citation.test(line) && !line.includes("design.md#"))
          .map((line) => `${file}: ${line.trim()}`),
      );
    expect(citing).toEqual([]);
  });
});
