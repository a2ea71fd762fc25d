#!/usr/bin/env node
// `npm run <tool>`: scripts/<tool>.ts (or <tool>/<tool>.ts, for a tool with a folder of its own:
// bench) from its cached esbuild bundle (bundled.js), which starts in a fraction of the time tsx
// takes to transpile the sources on every run, and leaves no compile cache in the temp folder. The
// tools are the npm scripts that call this file.
"use strict";
const fs = require("fs");
const path = require("path");

const { scripts } = require(path.join(__dirname, "..", "package.json"));
const tools = Object.keys(scripts).filter((name) => scripts[name] === `node scripts/tool.js ${name}`);
const tool = process.argv[2];
if (!tools.includes(tool)) {
  console.error(`usage: node scripts/tool.js TOOL [args...], TOOL one of ${tools.join(", ")} (got ${JSON.stringify(tool)})`);
  process.exit(1);
}
// The tool reads its own arguments from process.argv.slice(2), as when run directly.
process.argv.splice(2, 1);
const entry = fs.existsSync(path.join(__dirname, `${tool}.ts`)) ? `scripts/${tool}.ts` : `${tool}/${tool}.ts`;
require("./bundled").runBundled(entry);
