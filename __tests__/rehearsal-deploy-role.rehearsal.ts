import { rehearsalCatches } from "./support/rehearsal-mutation";

// The deploy role's policy, short of one action the deploy needs: under moto's IAM enforcement the
// network's deploy is refused, naming the action.
rehearsalCatches({
  "a deploy policy without ec2:CreateVpc": {
    file: "src/deploy-role/deploy-policy.ts",
    from: "return [...new Set(Object.values(recorded.runs).flatMap((r) => r.actions))].sort();",
    to: 'return [...new Set(Object.values(recorded.runs).flatMap((r) => r.actions))].filter((a) => a !== "ec2:CreateVpc").sort();',
    args: ["--deploy-role"],
    stage: /^deploy network$/,
    says: /not\s+authorized\s+to\s+perform:\s+ec2:CreateVpc/,
  },
});
