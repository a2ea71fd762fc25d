// Jest's TypeScript transform: esbuild strips the types (`npm test` type-checks with tsc first),
// which is much lighter for each Jest worker than loading the TypeScript compiler as ts-jest does.
const crypto = require("crypto");
const fs = require("fs");
const { transformSync } = require("esbuild");

const OPTIONS = {
  loader: "ts",
  format: "cjs",
  target: "node20",
  // CommonJS all the way, as tsc's "module": "commonjs" writes it: import() becomes require().
  supported: { "dynamic-import": false },
  sourcemap: "inline",
};
const VERSION = crypto
  .createHash("sha256")
  .update(fs.readFileSync(__filename))
  .update(require("esbuild/package.json").version)
  .digest("hex");

module.exports = {
  // Jest adds nothing to a transformer's own key: coverage instrumentation and the configuration must be in it.
  getCacheKey(source, file, options) {
    return crypto
      .createHash("sha256")
      .update(VERSION)
      .update(file)
      .update(source)
      .update(String(options.instrument))
      .update(options.configString)
      .digest("hex");
  },
  process(source, file) {
    return { code: transformSync(source, { ...OPTIONS, sourcefile: file }).code };
  },
};
