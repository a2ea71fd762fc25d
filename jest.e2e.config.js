/** @type {import('jest').Config} */
// `npm run test:e2e`: the tools end to end, as a user runs them (the preview against a deployed
// state, the cdktn CLI's own synth, Ctrl-C). Each drives terraform, the CLI or a whole tool for seconds, so they are
// apart from `npm test`'s fast loop; CI runs both.
const base = require("./jest.config");
module.exports = { ...base, testMatch: ["**/*.e2e.ts"], testSequencer: undefined };
