// Runs a TypeScript entry point of this project as one esbuild bundle, with no type check (`npm
// test` and `npm run typecheck` do that): one file to compile instead of hundreds to resolve, read
// and transpile. The bundle is cached in .build/ with a hash of every source file it was built from
// and of package-lock.json; any change rebuilds it (under a second), so the current source always
// runs. Used by the cdktf app command (synth-app.js) and every npm run tool (tool.js); see README
// "Performance" for the measurements.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const Module = require("module");

const root = path.resolve(__dirname, "..");
const cacheDir = path.join(root, ".build");

function hash(file) {
  try {
    return crypto
      .createHash("sha256")
      .update(fs.readFileSync(path.join(root, file)))
      .digest("hex");
  } catch {
    return "missing";
  }
}

function cachedBundle(bundleFile, inputsFile) {
  try {
    const inputs = JSON.parse(fs.readFileSync(inputsFile, "utf8"));
    if (Object.entries(inputs).every(([file, digest]) => hash(file) === digest)) return fs.readFileSync(bundleFile, "utf8");
  } catch {
    // no cache yet
  }
  return undefined;
}

function build(entry, bundleFile, inputsFile) {
  const { outputFiles, metafile } = require("esbuild").buildSync({
    entryPoints: [path.join(root, entry)],
    absWorkingDir: root,
    bundle: true,
    platform: "node",
    // jsonc-parser's "main" is a UMD build that requires its parts at run time: bundle its ESM build.
    mainFields: ["module", "main"],
    format: "cjs",
    target: "node20",
    metafile: true,
    minifyWhitespace: true,
    minifySyntax: true,
    write: false,
    logLevel: "error",
  });
  const code = outputFiles[0].text;
  // Libraries change only through npm, which rewrites the lock file: hash that instead of each file.
  const sources = Object.keys(metafile.inputs).filter((file) => !file.startsWith("node_modules/"));
  const inputs = Object.fromEntries([...sources, "package-lock.json", "scripts/bundled.js"].map((file) => [file, hash(file)]));
  fs.mkdirSync(cacheDir, { recursive: true });
  // Written under unique names and renamed, so concurrent runs never read half a file.
  for (const [file, content] of [
    [bundleFile, code],
    [inputsFile, JSON.stringify(inputs)],
  ]) {
    const tmp = `${file}.${process.pid}`;
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, file);
  }
  return code;
}

/**
 * Runs `entry` (a path from the project root, e.g. `main.ts` or `scripts/cost.ts`) from its cached
 * bundle, built first if any of its sources changed. It is compiled as if it were the `.js` file
 * beside the entry, so that its requires resolve from the project and `__dirname` is the entry's folder.
 */
function runBundled(entry) {
  const name = entry.replace(/\.ts$/, "").replace(/[\\/]/g, "--");
  const bundleFile = path.join(cacheDir, `${name}.js`);
  const inputsFile = path.join(cacheDir, `${name}.inputs.json`);
  const code = cachedBundle(bundleFile, inputsFile) ?? build(entry, bundleFile, inputsFile);
  const filename = path.join(root, entry.replace(/\.ts$/, ".js"));
  const compiled = new Module(filename, module);
  compiled.filename = filename;
  compiled.paths = Module._nodeModulePaths(path.dirname(filename));
  compiled._compile(code, filename);
}

module.exports = { runBundled };
