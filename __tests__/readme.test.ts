import * as fs from "fs";
import * as path from "path";
import { configurationTable, endpointTable, outputsTable } from "../src/tools/readme-tables";

const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
const advice = "the README is out of date: paste the output of `npm run -s readme-tables`";

test.each([
  ["outputs", outputsTable()],
  ["configuration", configurationTable()],
  ["interface endpoints", endpointTable()],
])("the README's %s table is the one the code generates", (_, table) => {
  expect({ advice, found: readme.includes(table) }).toEqual({ advice, found: true });
});

test("the README shows how to start and how to test", () => {
  expect(readme).toContain("npm ci && npx cdktf synth");
  expect(readme).toContain("npm test");
});
