import * as fs from "fs";
import * as path from "path";
import { configurationTable, endpointTable, outputsTable } from "../src/tools/readme-tables";

const ROOT = path.join(__dirname, "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const readme = read("README.md");

// Each generated table lives in one file, verbatim: the outputs (the public contract) on the front page,
// the settings and the endpoints with the rest of the configuration reference.
test.each([
  ["outputs", "README.md", outputsTable()],
  ["settings", path.join("docs", "configuration.md"), configurationTable()],
  ["interface endpoints", path.join("docs", "configuration.md"), endpointTable()],
])("the %s table in %s is the one the code generates", (_, file, table) => {
  const advice = `${file} is out of date: paste the table from the output of \`npm run -s readme-tables\``;
  expect({ advice, found: read(file).includes(table) }).toEqual({ advice, found: true });
});

test("the README is a front door: at most 300 lines", () => {
  expect(readme.trimEnd().split("\n").length).toBeLessThanOrEqual(300);
});

test("the README shows how to start and how to test", () => {
  expect(readme).toContain("npm ci && npx cdktn synth");
  expect(readme).toContain("npm test");
});

test("the README links every page of docs/", () => {
  const pages = fs.readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md"));
  expect(pages.filter((page) => !readme.includes(`](docs/${page})`))).toEqual([]);
});
