import { rehearsalCatches } from "./support/rehearsal-mutation";

// Mistakes in protection and teardown.
rehearsalCatches({
  "protection removed from the VPC": {
    file: "src/network/vpc.ts",
    from: 'const vpc = new Vpc(this, "vpc", {\n      lifecycle,',
    to: 'const vpc = new Vpc(this, "vpc", {\n      lifecycle: { preventDestroy: false },',
    stage: /^protected network: destroy refused$/,
    says: /aws_vpc\.\w+ is not protected: not named in the refusal, and no prevent_destroy/,
    saysNot: /aws_(subnet|security_group)\.\w+ is not protected/,
  },
  "a resource that survives the teardown": {
    file: "src/network/flow-logs.ts",
    from: "retentionInDays: props.retentionDays,",
    to: "retentionInDays: props.retentionDays, skipDestroy: true,",
    stage: /^teardown/,
    says: /still in the emulator: log groups: \/aws\/vpc-flow-logs\//,
  },
});
