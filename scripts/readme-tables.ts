// Prints the README's generated tables; __tests__/readme.test.ts fails when the README differs.
import { configurationTable, endpointTable, outputsTable } from "../src/tools/readme-tables";

console.log(`${outputsTable()}\n\n${configurationTable()}\n\n${endpointTable()}`);
