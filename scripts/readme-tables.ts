// Prints the README's generated tables; __tests__/readme.test.ts fails when the README differs.
import { configurationTable, endpointTable } from "../src/config/docs";

console.log(`${configurationTable()}\n\n${endpointTable()}`);
