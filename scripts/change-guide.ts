// npm run change-guide: makes each everyday change of docs/changing.md (an endpoint in the default set,
// a port the ALB reaches the pods on, a zone, a network output) alone in a copy of the project, runs
// the type check, npm run reachability and Jest, and prints the failing tests by name and the doc's
// table "What the everyday changes break". --check compares the table with the doc's (CI), --write
// puts it there. The copy lives in the temp folder and is removed at the end, on an error and on Ctrl-C.
import * as fs from "fs";
import * as path from "path";
import { CHANGE_GUIDE_USAGE, parseChangeGuideArgs } from "../src/tools/change-guide/args";
import { EVERYDAY_CHANGES, StaleChangeError } from "../src/tools/change-guide/changes";
import { JestRunError, measureChanges } from "../src/tools/change-guide/measure";
import { formatOutcome } from "../src/tools/change-guide/outcome";
import { differences, formatTable, GUIDE_FILE, readTable, rowOf, writeTable } from "../src/tools/change-guide/table";
import { runTool, UsageError } from "./run-tool";

runTool(
  async () => {
    let mode: ReturnType<typeof parseChangeGuideArgs>;
    try {
      mode = parseChangeGuideArgs(process.argv.slice(2));
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const root = path.join(__dirname, "..");
    const guide = path.join(root, GUIDE_FILE);
    // Read before the long run: a table the tool cannot read fails now, not minutes later.
    let written: ReturnType<typeof readTable>;
    try {
      written = readTable(fs.readFileSync(guide, "utf8"));
    } catch (e) {
      // --check compares with it and --write writes into it: either needs the table it cannot read.
      if (mode === "check" || mode === "write") throw new UsageError((e as Error).message);
      written = [];
    }

    const started = Date.now();
    const measured = await measureChanges(
      root,
      EVERYDAY_CHANGES,
      (line) => console.error(line),
      ({ change, outcome }) => console.log(`${formatOutcome(change.label, outcome)}\n`),
    ).catch((e) => {
      throw e instanceof StaleChangeError || e instanceof JestRunError ? new UsageError(e.message) : e;
    });
    const rows = measured.map(({ change, outcome }) => rowOf(change.label, outcome));
    console.log(`${formatTable(rows, written)}\n\n(${measured.length} changes measured in ${Math.round((Date.now() - started) / 1000)} s)`);

    if (mode === "check") {
      const found = differences(written, rows);
      if (found.length) {
        throw new UsageError(
          `${GUIDE_FILE}, "What the everyday changes break", differs from this run:\n${found.map((d) => `  - ${d}`).join("\n")}\n` +
            `Update it with npm run change-guide -- --write, and check each row's "why".`,
        );
      }
      console.log(`${GUIDE_FILE}'s table matches the run.`);
    } else if (mode === "write") {
      fs.writeFileSync(guide, writeTable(fs.readFileSync(guide, "utf8"), rows));
      console.log(`wrote the table into ${GUIDE_FILE}: check each row's "why"`);
    }
  },
  { usage: CHANGE_GUIDE_USAGE },
);
