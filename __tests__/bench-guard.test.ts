import * as fs from "fs";
import * as path from "path";
import { BENCH_CHILD, insideBench } from "../bench/commands";

// The bench runs `npm test`; these keep `npm test` from ever running the bench back.

test("a process the bench started is recognised, so the bench refuses to run there", () => {
  expect(insideBench({ [BENCH_CHILD]: "1" })).toBe(true);
  expect(insideBench({})).toBe(false);
  expect(insideBench({ [BENCH_CHILD]: "0" })).toBe(false);
});

test("no test starts the bench", () => {
  const dir = __dirname;
  const starters = fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && path.join(dir, f) !== __filename)
    .filter((f) => /bench\/bench|bench\.ts|run bench/.test(fs.readFileSync(path.join(dir, f), "utf8")));
  expect(starters).toEqual([]);
});
