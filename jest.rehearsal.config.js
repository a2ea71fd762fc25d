/** @type {import('jest').Config} */
// `npm run test:rehearsal`: the rehearsal's mutation tests (minutes each, a moto_server each), apart from `npm test`.
const base = require("./jest.config");
module.exports = { ...base, testMatch: ["**/*.rehearsal.ts"], testTimeout: 900000 };
