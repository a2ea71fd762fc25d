// Prints the generated tables: the outputs (README.md), then the settings and the interface endpoints
// (docs/configuration.md); __tests__/readme.test.ts fails when a file differs.
import { configurationTable, endpointTable, outputsTable } from "../src/tools/readme-tables";
import { runTool } from "./run-tool";

runTool(() => console.log(`${outputsTable()}\n\n${configurationTable()}\n\n${endpointTable()}`), {
  usage:
    "usage: npm run readme-tables: prints the outputs table of README.md and the settings and endpoint tables of docs/configuration.md",
  flags: [],
});
