// Prints the generated tables: the outputs (README.md), then the settings and the interface endpoints
// (docs/configuration.md); __tests__/readme.test.ts fails when a file differs.
import { configurationTable, endpointTable, outputsTable } from "../src/tools/readme-tables";

console.log(`${outputsTable()}\n\n${configurationTable()}\n\n${endpointTable()}`);
