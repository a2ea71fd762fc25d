import * as fs from "fs";
import * as path from "path";
import { anchors, brokenLink, brokenPointers, linkTargets, markdownFiles, pointerSources, ROOT } from "./support/markdown";

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

describe("the documentation's links", () => {
  test("every relative link in README.md, SECURITY.md and docs/ goes to a file that exists, and each #anchor to a heading in it", () => {
    const files = markdownFiles();
    expect(files).toEqual(expect.arrayContaining(["README.md", "SECURITY.md", path.join("docs", "configuration.md")]));
    const links = files.flatMap((file) => linkTargets(read(file)).map((target) => ({ file, target })));
    expect(links.length).toBeGreaterThan(100);
    expect(links.map(({ file, target }) => brokenLink(file, target)).filter(Boolean)).toEqual([]);
  });

  test("the checker finds a missing file, a missing heading and a heading that is only a shell comment", () => {
    expect(brokenLink("README.md", "docs/no-such-page.md")).toMatch(/no file docs\/no-such-page\.md/);
    expect(brokenLink("README.md", "docs/configuration.md#no-such-heading")).toMatch(/no heading with anchor #no-such-heading/);
    expect(brokenLink(path.join("docs", "demo.md"), "#after-the-demo-the-certificate-stays-in-the-network-stack-for-the-next-one")).toMatch(
      /no heading/,
    );
    expect(brokenLink(path.join("docs", "demo.md"), "../README.md#protection-and-teardown")).toBeUndefined();
    expect(brokenLink("README.md", "https://example.com/#anything")).toBeUndefined();
  });

  test("anchors are GitHub's: lower case, punctuation dropped, a repeated heading numbered", () => {
    expect([...anchors("# A: b, (c) `d`\n## Tools\n## Tools\n```\n# not a heading\n```\n")]).toEqual(["a-b-c-d", "tools", "tools-1"]);
  });
});

describe("pointers into the documentation from the code", () => {
  test("every README/SECURITY.md/docs reference in src/, scripts/, bench/, examples/ names a file and a heading that exist", () => {
    const sources = pointerSources();
    expect(sources).toEqual(expect.arrayContaining([path.join("src", "offline", "workdir.ts"), path.join("src", "config", "schema.ts")]));
    const broken = sources.flatMap((file) => brokenPointers(read(file)).map((problem) => `${file}: ${problem}`));
    expect(broken).toEqual([]);
  });

  test("the checker refuses a missing heading, a missing page and a section named in a form it cannot check", () => {
    expect(brokenPointers('see README.md, section "Protection and teardown"')).toEqual([]);
    expect(brokenPointers("(see docs/air-gapped.md)")).toEqual([]);
    expect(brokenPointers('(README.md, section "Protection, and tearing prod down on purpose")')).toEqual([
      'README.md, section "Protection, and tearing prod down on purpose": README.md has no heading "Protection, and tearing prod down on purpose"',
    ]);
    expect(brokenPointers("(see docs/no-such-page.md)")).toEqual(["docs/no-such-page.md: no file docs/no-such-page.md"]);
    expect(brokenPointers("docs/changing.md#no-such-anchor")).toEqual([
      "docs/changing.md#no-such-anchor: docs/changing.md has no heading with anchor #no-such-anchor",
    ]);
    for (const old of ['(see README, "Air-gapped machines")', "(README: Configuration)", "(see README: tearing down)"])
      expect(brokenPointers(old)).toEqual([expect.stringMatching(/name the heading as README\.md, section "Heading as written"/)]);
  });
});
