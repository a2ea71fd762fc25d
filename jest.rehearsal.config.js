/** @type {import('jest').Config} */
// `npm run test:rehearsal`: the rehearsal's mutation tests (minutes each, a moto_server each), apart from `npm test`.
// Three at a time whatever the cores: each spends most of its time waiting on terraform's polls of
// moto, and its three longest files take about as long each as the rest together.
const base = require("./jest.config");
module.exports = { ...base, testMatch: ["**/*.rehearsal.ts"], testTimeout: 900000, maxWorkers: 3 };
