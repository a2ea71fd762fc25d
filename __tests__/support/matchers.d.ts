// The matchers cdktf Testing.setupJest() adds (jest.setup.js), for the type checker.
import "cdktf/lib/testing/adapters/jest";
