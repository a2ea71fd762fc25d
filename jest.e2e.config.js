/** @type {import('jest').Config} */
// `npm run test:e2e`: the app and the tools end to end, as a user runs them (the app and the cdktn
// CLI's synth, every tool's arguments and errors, the preview against a deployed state, Ctrl-C,
// checkov's regressions and install, the workflows' lint). Each starts the app, the CLI or a whole
// tool, so they are apart from `npm test`'s fast loop; CI runs both.
const base = require("./jest.config");
module.exports = { ...base, testMatch: ["**/*.e2e.ts"] };
