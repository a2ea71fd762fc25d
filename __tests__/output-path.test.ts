import * as fs from "fs";
import * as path from "path";
import { benchOutput, diagramOutputs, IGNORED_OUTPUT_DIR, parseWriteFlag } from "../src/tools/output-path";

test("the default environment's diagram is the committed one in docs/", () => {
  expect(diagramOutputs("prod", true, false)).toEqual({
    dot: path.join("docs", "architecture.dot"),
    svg: path.join("docs", "architecture.svg"),
  });
});

test("another environment's diagram goes to the ignored folder, named after it; --write may not overwrite the default's", () => {
  expect(diagramOutputs("dev", false, false)).toEqual({
    dot: path.join(".out", "diagram", "architecture-dev.dot"),
    svg: path.join(".out", "diagram", "architecture-dev.svg"),
  });
  expect(() => diagramOutputs("dev", false, true)).toThrow(
    /--write updates docs\/architecture\.svg, the default environment's picture; environment dev is drawn into \.out\/diagram\/architecture-dev\.svg: run it without --write/,
  );
  expect(diagramOutputs("prod", true, true).svg).toBe(path.join("docs", "architecture.svg"));
});

test("bench results go to bench/results/latest.json only with --write", () => {
  expect(benchOutput(false)).toBe(path.join(".out", "bench", "latest.json"));
  expect(benchOutput(true)).toBe(path.join("bench", "results", "latest.json"));
});

test("--write is the only flag; anything else is refused", () => {
  expect(parseWriteFlag([])).toBe(false);
  expect(parseWriteFlag(["--write"])).toBe(true);
  expect(() => parseWriteFlag(["--wirte"])).toThrow(/unknown argument --wirte/);
});

test("git ignores the folder the tools write to by default", () => {
  const ignored = fs
    .readFileSync(path.join(__dirname, "..", ".gitignore"), "utf8")
    .split("\n")
    .map((l) => l.trim());
  expect(ignored).toContain(`${IGNORED_OUTPUT_DIR}/`);
});
