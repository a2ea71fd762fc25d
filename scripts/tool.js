#!/usr/bin/env node
// `npm run <tool>`: scripts/<tool>.ts from its cached esbuild bundle (bundled.js), which starts in a
// fraction of the time tsx takes to transpile the sources on every run.
"use strict";
const fs = require("fs");
const path = require("path");

const tool = process.argv[2];
if (!/^[a-z][a-z-]*$/.test(tool ?? "") || !fs.existsSync(path.join(__dirname, `${tool}.ts`))) {
  console.error(`usage: node scripts/tool.js TOOL [args...], TOOL a file scripts/TOOL.ts (got ${JSON.stringify(tool)})`);
  process.exit(1);
}
// The tool reads its own arguments from process.argv.slice(2), as when run directly.
process.argv.splice(2, 1);
require("./bundled").runBundled(`scripts/${tool}.ts`);
