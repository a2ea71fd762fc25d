// Starts the longest test files first, those that drive terraform. Started last they would leave
// one of the two workers idle while the other finishes them. Longest first, as measured; a fresh
// clone has no recorded durations, so these are named.
const path = require("path");
const Sequencer = require("@jest/test-sequencer").default;

// npm test's files, test:e2e's and test:rehearsal's (one list serves the three configurations).
const SLOWEST_FIRST = [
  ...["terraform-plans", "checkov-gate", "endpoint-policies", "cost", "layout"].map((name) => `${name}.test.ts`),
  ...["preview-deployed", "checkov-regressions", "signals", "cdktn-cli", "app"].map((name) => `${name}.e2e.ts`),
  ...[
    "rehearsal-mutations-outputs",
    "rehearsal-mutations-lifecycle",
    "rehearsal-mutations-teardown",
    "adopt-cli",
    "rehearsal-deploy-role",
  ].map((name) => `${name}.rehearsal.ts`),
];
const rank = (test) => {
  const i = SLOWEST_FIRST.indexOf(path.basename(test.path));
  return i === -1 ? SLOWEST_FIRST.length : i;
};

class SlowestFirst extends Sequencer {
  sort(tests) {
    // The listed files first; the others as Jest orders them, longest first by the durations its
    // cache recorded (by file size on a first run), so the shortest files fill the last gaps.
    return super.sort(tests).sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = SlowestFirst;
