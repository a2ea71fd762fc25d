// Runs the test files that drive terraform first. They take most of the time; started last they
// would leave one of the two workers idle while the other finishes them.
const Sequencer = require("@jest/test-sequencer").default;

const weight = (test) => (/terraform-/.test(test.path) ? 2 : /app\.test/.test(test.path) ? 1 : 0);

class SlowFirst extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => weight(b) - weight(a) || a.path.localeCompare(b.path));
  }
}

module.exports = SlowFirst;
