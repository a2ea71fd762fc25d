#!/usr/bin/env node
// The cdktf app command (cdktf.json "app"). It runs main.ts, src/ and the libraries they use as one
// esbuild bundle, with no type check (`npm test` and `npm run typecheck` do that): one file to
// compile instead of hundreds to resolve and read. The bundle is cached in .build/ with a hash of
// every source file it was built from and of package-lock.json; any change rebuilds it (~1 s), so
// `cdktf synth` always runs the current source. See README "Performance" for the measurements.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const Module = require("module");

const root = path.resolve(__dirname, "..");
const cacheDir = path.join(root, ".build");
const bundleFile = path.join(cacheDir, "main.js");
const inputsFile = path.join(cacheDir, "main.inputs.json");

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

function cachedBundle() {
  try {
    const inputs = JSON.parse(fs.readFileSync(inputsFile, "utf8"));
    if (Object.entries(inputs).every(([file, digest]) => hash(file) === digest)) return fs.readFileSync(bundleFile, "utf8");
  } catch {
    // no cache yet
  }
  return undefined;
}

function build() {
  const { outputFiles, metafile } = require("esbuild").buildSync({
    entryPoints: [path.join(root, "main.ts")],
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
  const inputs = Object.fromEntries([...sources, "package-lock.json", "scripts/synth-app.js"].map((file) => [file, hash(file)]));
  fs.mkdirSync(cacheDir, { recursive: true });
  // Written under unique names and renamed, so concurrent synths never read half a file.
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

const code = cachedBundle() ?? build();
// Compiled as if it were <root>/main.js: requires resolve from the project, __dirname is the root.
const filename = path.join(root, "main.js");
const app = new Module(filename, module);
app.filename = filename;
app.paths = Module._nodeModulePaths(root);
app._compile(code, filename);
