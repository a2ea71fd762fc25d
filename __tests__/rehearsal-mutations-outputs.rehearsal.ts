import { rehearsalCatches } from "./support/rehearsal-mutation";

// Mistakes in the output contract and its readers.
rehearsalCatches({
  "an output renamed": {
    file: "src/stacks/network-stack.ts",
    from: "new TerraformOutput(this, name, {",
    to: 'new TerraformOutput(this, name === "vpc_cidr_block" ? "vpc_cidr" : name, {',
    stage: /^output contract$/,
    says: /vpc_cidr_block: in the contract, but the network stack does not declare it/,
  },
  "the demo reading an output the network does not have": {
    file: "src/stacks/demo-alb-stack.ts",
    from: 'network.getString("alb_security_group_id")',
    to: 'network.getString("alb_sg_id")',
    stage: /^deploy demo-alb/,
    says: /alb_sg_id/,
  },
});
