// npm run change-guide's parts: its command line, the everyday changes as edits, Jest's results
// read, and docs/changing.md's table read, compared and written. The whole run (the test suite once
// per change) is CI's step, `npm run change-guide -- --check`, not a test.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CHANGE_GUIDE_USAGE, parseChangeGuideArgs } from "../src/tools/change-guide/args";
import { applyChange, EverydayChange, EVERYDAY_CHANGES, restoreFiles, StaleChangeError } from "../src/tools/change-guide/changes";
import { ChangeOutcome, confirmedFailures, FILE_DID_NOT_RUN, failuresOf, JestResults } from "../src/tools/change-guide/outcome";
import {
  differences,
  GUIDE_FILE,
  measuredCells,
  readTable,
  rowOf,
  TableRow,
  WHY_TO_WRITE,
  writeTable,
} from "../src/tools/change-guide/table";

const ROOT = path.join(__dirname, "..");
const tool = (args: string[]) =>
  spawnSync(process.execPath, [path.join(ROOT, "scripts", "tool.js"), "change-guide", ...args], { encoding: "utf8" });

describe("the command line", () => {
  test("no argument prints, --check compares, --write writes", () => {
    expect([[], ["--check"], ["--write"]].map(parseChangeGuideArgs)).toEqual(["print", "check", "write"]);
  });

  test("an unknown argument, or --check with --write, is refused with the usage", () => {
    expect(() => parseChangeGuideArgs(["--chek"])).toThrow(`unknown argument "--chek"\n${CHANGE_GUIDE_USAGE}`);
    expect(() => parseChangeGuideArgs(["--check", "--write"])).toThrow(/--check and --write exclude each other/);
  });

  test("--help prints the usage and exits 0; an unknown argument exits 1 before any work, with no trace", () => {
    const help = tool(["--help"]);
    expect({ status: help.status, stdout: help.stdout.trim() }).toEqual({ status: 0, stdout: CHANGE_GUIDE_USAGE });
    const wrong = tool(["--verbose"]);
    expect({ status: wrong.status, stdout: wrong.stdout }).toEqual({ status: 1, stdout: "" });
    expect(wrong.stderr).toMatch(/^unknown argument "--verbose"\nusage: npm run change-guide/);
    expect(wrong.stderr).not.toMatch(/ at /);
  });
});

/** A folder holding the files `changes` edit, copied from the project. */
function filesOf(changes: readonly EverydayChange[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "change-guide-"));
  for (const file of new Set(changes.flatMap((c) => c.edits.map((e) => e.file)))) {
    fs.mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
  }
  return dir;
}

describe("the everyday changes", () => {
  test("each applies to the code as it is (the text each edit looks for is there, once), and is undone", () => {
    const dir = filesOf(EVERYDAY_CHANGES);
    try {
      for (const change of EVERYDAY_CHANGES) {
        const originals = applyChange(dir, change);
        for (const edit of change.edits) expect(fs.readFileSync(path.join(dir, edit.file), "utf8")).toContain(edit.put);
        restoreFiles(dir, originals);
        for (const [file, text] of originals) expect(fs.readFileSync(path.join(dir, file), "utf8")).toBe(text);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("an edit whose text is missing or ambiguous stops the run before writing anything, naming the file and the section", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "change-guide-"));
    try {
      fs.writeFileSync(path.join(dir, "a.ts"), "const a = [1];\n");
      fs.writeFileSync(path.join(dir, "b.ts"), "x x\n");
      const change = (file: string, find: string): EverydayChange => ({
        label: "a change",
        section: "Add a thing",
        edits: [
          { file: "a.ts", find: "[1]", put: "[1, 2]" },
          { file, find, put: "y" },
        ],
      });
      expect(() => applyChange(dir, change("b.ts", "z"))).toThrow(StaleChangeError);
      expect(() => applyChange(dir, change("b.ts", "z"))).toThrow(/a change: b\.ts has no occurrences of "z".*"Add a thing"/);
      expect(() => applyChange(dir, change("b.ts", "x"))).toThrow(/b\.ts has 2 occurrences of "x"/);
      expect(fs.readFileSync(path.join(dir, "a.ts"), "utf8")).toBe("const a = [1];\n");
      // `put` is taken as it is: no `$&` replacement patterns.
      applyChange(dir, { label: "dollars", section: "", edits: [{ file: "a.ts", find: "[1]", put: "[$&]" }] });
      expect(fs.readFileSync(path.join(dir, "a.ts"), "utf8")).toBe("const a = [$&];\n");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("Jest's results", () => {
  const root = path.join(path.sep, "copy");
  const results: JestResults = {
    testResults: [
      {
        name: path.join(root, "__tests__", "b.test.ts"),
        status: "failed",
        message: "",
        assertionResults: [
          { fullName: "passes", status: "passed", failureMessages: [] },
          { fullName: "a snapshot", status: "failed", failureMessages: ["expect(received).toMatchSnapshot()"] },
          { fullName: "a slow one", status: "failed", failureMessages: ["Exceeded timeout of 180000 ms for a test."] },
        ],
      },
      { name: path.join(root, "__tests__", "a.test.ts"), status: "failed", message: "SyntaxError: nope", assertionResults: [] },
      { name: path.join(root, "__tests__", "c.test.ts"), status: "passed", message: "", assertionResults: [] },
    ],
  };

  test("each failing test by file and name, a file that did not run as one, the timed-out ones marked", () => {
    expect(failuresOf(results, root)).toEqual([
      { file: "__tests__/a.test.ts", test: FILE_DID_NOT_RUN, timedOut: false },
      { file: "__tests__/b.test.ts", test: "a slow one", timedOut: true },
      { file: "__tests__/b.test.ts", test: "a snapshot", timedOut: false },
    ]);
  });

  test("a test that timed out counts only if it fails again when run alone", () => {
    const full = failuresOf(results, root);
    expect(confirmedFailures(full, []).map((f) => f.test)).toEqual([FILE_DID_NOT_RUN, "a snapshot"]);
    expect(confirmedFailures(full, [full[1]]).map((f) => f.test)).toEqual([FILE_DID_NOT_RUN, "a slow one", "a snapshot"]);
  });
});

describe("docs/changing.md's table", () => {
  const outcome = (failing: [string, string][], typeCheckPasses = true): ChangeOutcome => ({
    typeCheckPasses,
    reachabilityPasses: true,
    failures: failing.map(([file, test]) => ({ file, test, timedOut: false })),
  });
  const doc = fs.readFileSync(path.join(ROOT, GUIDE_FILE), "utf8");

  test("the measured cells: the checks, then the failing tests, their files and the files' short names", () => {
    expect(measuredCells(outcome([]))).toEqual(["passes", "passes", "0"]);
    const two = outcome(
      [
        ["__tests__/network-stack.test.ts", "snapshot"],
        ["__tests__/network-stack.test.ts", "rules"],
        ["__tests__/readme.test.ts", "outputs table"],
      ],
      false,
    );
    expect(measuredCells(two)).toEqual(["fails", "passes", "3 in 2 files: `network-stack`, `readme`"]);
  });

  test("it has one row per change the tool makes, in the tool's order", () => {
    expect(readTable(doc).map((r) => r.label)).toEqual(EVERYDAY_CHANGES.map((c) => c.label));
  });

  test("a run that agrees has no differences; each that does not is named by row and column", () => {
    const written = readTable(doc);
    const same: TableRow[] = written.map((r) => ({ ...r, why: "" }));
    expect(differences(written, same)).toEqual([]);
    const [first, ...rest] = same;
    const changed = [{ ...first, measured: [first.measured[0], first.measured[1], "99 in 1 file: `x`"] }, ...rest];
    expect(differences(written, changed)).toEqual([
      `row "${first.label}", failing tests: the doc says "${first.measured[2]}", the run says "99 in 1 file: \`x\`"`,
    ]);
    expect(differences([{ ...written[0], why: WHY_TO_WRITE }], [same[0]])).toEqual([
      `row "${first.label}": its last column should say why each test fails, and what to do`,
    ]);
    const added = rowOf("a new change", outcome([]));
    expect(differences(written, [...same.slice(1), added])).toEqual([
      'no row "a new change" (the run measured passes; passes; 0)',
      `row "${first.label}" is not a change the tool makes (src/tools/change-guide/changes.ts)`,
    ]);
  });

  test("--write replaces the measured cells, keeps each row's why, and leaves the rest of the doc alone", () => {
    const written = readTable(doc);
    const run = [...written.map((r) => rowOf(r.label, outcome([["__tests__/x.test.ts", "t"]]))), rowOf("a new change", outcome([]))];
    const updated = writeTable(doc, run);
    expect(readTable(updated)).toEqual([
      ...written.map((r) => ({ ...r, measured: ["passes", "passes", "1 in 1 file: `x`"] })),
      { label: "a new change", measured: ["passes", "passes", "0"], why: WHY_TO_WRITE },
    ]);
    const outside = (text: string) => text.split("\n").filter((line) => !line.startsWith("|"));
    expect(outside(updated)).toEqual(outside(doc));
  });

  test("a table with other columns, or no table, is refused", () => {
    expect(() => readTable(doc.replace("| change | type check |", "| change | typecheck |"))).toThrow(/the table's header should be/);
    expect(() => readTable("# Changing the network\n")).toThrow(/has no heading "What the everyday changes break"/);
  });
});
