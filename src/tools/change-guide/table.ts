/**
 * docs/changing.md's table "What the everyday changes break": its measured cells are the output of
 * `npm run change-guide`; `--check` compares them with a run, `--write` puts a run's into the doc.
 * The last column, why each test fails and what to do, is written by a person and kept.
 */
import { ChangeOutcome, filesOf } from "./outcome";

export const GUIDE_FILE = "docs/changing.md";
const TABLE_TITLE = "What the everyday changes break";
const TABLE_HEADING = `## ${TABLE_TITLE}`;

const HEADER = "| change | type check | `npm run reachability` | failing tests | why they fail, and what to do |";
const SEPARATOR = "|---|---|---|---|---|";
/** The columns a run measures, after the change's label. */
const MEASURED = ["type check", "`npm run reachability`", "failing tests"] as const;
/** The last cell of a row the tool adds: a person says why. */
export const WHY_TO_WRITE = "(to be written: why each fails, and what to do)";

export interface TableRow {
  readonly label: string;
  /** The cells of MEASURED, in order. */
  readonly measured: readonly string[];
  readonly why: string;
}

const verdict = (passes: boolean) => (passes ? "passes" : "fails");
/** A test file as the table names it: `network-stack` for __tests__/network-stack.test.ts. */
const shortName = (file: string) => `\`${file.replace(/^__tests__\//, "").replace(/\.test\.ts$/, "")}\``;

/** The measured cells of a change's row. */
export function measuredCells(outcome: ChangeOutcome): string[] {
  const files = filesOf(outcome.failures);
  const tests =
    files.length === 0
      ? "0"
      : `${outcome.failures.length} in ${files.length} file${files.length === 1 ? "" : "s"}: ${files.map(shortName).join(", ")}`;
  return [verdict(outcome.typeCheckPasses), verdict(outcome.reachabilityPasses), tests];
}

/** A run's row for a change: its measured cells, and no "why" (a person writes that). */
export const rowOf = (label: string, outcome: ChangeOutcome): TableRow => ({ label, measured: measuredCells(outcome), why: "" });

const cellsOf = (line: string) =>
  line
    .trim()
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split("|")
    .map((c) => c.trim());

/** Where the table is in the doc: its lines (header, separator, rows) and their range. */
function locate(doc: string): { lines: string[]; start: number; end: number } {
  const lines = doc.split("\n");
  const heading = lines.indexOf(TABLE_HEADING);
  if (heading === -1) throw new Error(`${GUIDE_FILE} has no heading "${TABLE_TITLE}"`);
  const start = lines.findIndex((line, i) => i > heading && line.startsWith("|"));
  const nextHeading = lines.findIndex((line, i) => i > heading && line.startsWith("#"));
  if (start === -1 || (nextHeading !== -1 && start > nextHeading)) throw new Error(`${GUIDE_FILE}, "${TABLE_TITLE}": no table`);
  let end = start;
  while (end < lines.length && lines[end].startsWith("|")) end++;
  return { lines, start, end };
}

/** The rows of the doc's table. Throws when the table is missing or its columns are not the tool's. */
export function readTable(doc: string): TableRow[] {
  const { lines, start, end } = locate(doc);
  if (lines[start] !== HEADER) throw new Error(`${GUIDE_FILE}: the table's header should be\n${HEADER}\nnot\n${lines[start]}`);
  return lines.slice(start + 2, end).map((line) => {
    const cells = cellsOf(line);
    return { label: cells[0], measured: cells.slice(1, 1 + MEASURED.length), why: cells.slice(1 + MEASURED.length).join(" | ") };
  });
}

/** What differs between the doc's rows and a run's, one line per row and cell; empty when they agree. */
export function differences(doc: readonly TableRow[], run: readonly TableRow[]): string[] {
  const found: string[] = [];
  for (const row of run) {
    const written = doc.find((r) => r.label === row.label);
    if (!written) {
      found.push(`no row "${row.label}" (the run measured ${row.measured.join("; ")})`);
      continue;
    }
    if (!written.why || written.why === WHY_TO_WRITE)
      found.push(`row "${row.label}": its last column should say why each test fails, and what to do`);
    MEASURED.forEach((column, i) => {
      if (written.measured[i] !== row.measured[i])
        found.push(`row "${row.label}", ${column}: the doc says "${written.measured[i] ?? ""}", the run says "${row.measured[i]}"`);
    });
  }
  for (const row of doc.filter((r) => !run.some((x) => x.label === r.label)))
    found.push(`row "${row.label}" is not a change the tool makes (src/tools/change-guide/changes.ts)`);
  return found;
}

/** The table of `run`'s rows, each with the "why" of the doc's row of its label (`doc`), if any. */
export function formatTable(run: readonly TableRow[], doc: readonly TableRow[]): string {
  const rows = run.map((row) => {
    const why = doc.find((r) => r.label === row.label)?.why || WHY_TO_WRITE;
    return `| ${[row.label, ...row.measured, why].join(" | ")} |`;
  });
  return [HEADER, SEPARATOR, ...rows].join("\n");
}

/** The doc with its table made of `run`'s rows, each keeping the doc's "why" when it has one. */
export function writeTable(doc: string, run: readonly TableRow[]): string {
  const { lines, start, end } = locate(doc);
  const written = lines[start] === HEADER ? readTable(doc) : [];
  return [...lines.slice(0, start), formatTable(run, written), ...lines.slice(end)].join("\n");
}
