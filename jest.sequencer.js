// Starts the longest test files first, those that drive terraform. Started last they would leave
// one of the two workers idle while the other finishes them. Longest first, as measured.
const Sequencer = require("@jest/test-sequencer").default;

const SLOWEST_FIRST = ["terraform-plans", "checkov-gate", "endpoint-policies", "cost", "layout"];
const rank = (test) => {
  const i = SLOWEST_FIRST.findIndex((name) => test.path.endsWith(`${name}.test.ts`));
  return i === -1 ? SLOWEST_FIRST.length : i;
};

class SlowestFirst extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
  }
}

module.exports = SlowestFirst;
