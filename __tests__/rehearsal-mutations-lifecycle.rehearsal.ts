import { rehearsalCatches } from "./support/rehearsal-mutation";

// A mistake in protection (teardown's: rehearsal-mutations-teardown.rehearsal.ts).
rehearsalCatches({
  "protection removed from the VPC": {
    file: "src/network/vpc.ts",
    from: 'const vpc = new Vpc(this, "vpc", {\n      lifecycle,',
    to: 'const vpc = new Vpc(this, "vpc", {\n      lifecycle: { preventDestroy: false },',
    stage: /^protected network: destroy refused$/,
    says: /aws_vpc\.\w+ is not protected: not named in the refusal, and no prevent_destroy/,
    saysNot: /aws_(subnet|security_group)\.\w+ is not protected/,
  },
});
