import { rehearsalCatches } from "./support/rehearsal-mutation";

// A mistake in teardown. A file of its own: each case is a rehearsal of minutes, and Jest runs
// files side by side.
rehearsalCatches({
  "a resource that survives the teardown": {
    file: "src/network/flow-logs.ts",
    from: "retentionInDays: props.retentionDays,",
    to: "retentionInDays: props.retentionDays, skipDestroy: true,",
    stage: /^teardown/,
    says: /still in the emulator: log groups: \/aws\/vpc-flow-logs\//,
  },
});
