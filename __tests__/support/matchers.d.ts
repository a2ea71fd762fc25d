// The matchers the framework's Testing.setupJest() adds (jest.setup.js), for the type checker.
import "cdktn/lib/testing/adapters/jest";
