import { CommandResult, evidence } from "../src/rehearsal/commands";
import { refusalVerdict, RefusalRun } from "../src/rehearsal/refusal";

const result = (command: string, code: number, output: string): CommandResult => ({ command, code, output, seconds: 1 });

/** terraform plan -destroy's refusal, through a pipe: not wrapped, no colours. */
const PLAN_REFUSAL = [
  "Error: Instance cannot be destroyed",
  "",
  "  on cdk.tf.json line 310:",
  "",
  "Resource aws_subnet.private_subnet_ap_southeast_1a has lifecycle.prevent_destroy set, but the plan calls for this resource to be destroyed.",
].join("\n");

/** What the CLI printed when it dropped terraform's last lines: the plan's start, no error. */
const CLI_WITHOUT_ERRORS = ["network  Initializing the backend...", "network  aws_vpc.vpc: Refreshing state... [id=vpc-1]"].join("\n");

const run = (change: Partial<RefusalRun> = {}): RefusalRun => ({
  stack: "network",
  destroy: result("npx cdktn destroy network --auto-approve", 1, CLI_WITHOUT_ERRORS),
  plan: result("terraform plan -destroy -input=false -lock=false -no-color", 1, PLAN_REFUSAL),
  guarded: ["aws_subnet.private_subnet_ap_southeast_1a", "aws_vpc.vpc"],
  preventsDestroy: () => true,
  changed: [],
  ...change,
});

describe("the refused protected destroy", () => {
  test("passes on terraform's own refusal when the CLI's output lost it, and ends with how to tear down on purpose", () => {
    const verdict = refusalVerdict(run());
    expect(verdict.status).toBe("pass");
    expect(verdict.details).toEqual([
      expect.stringMatching(/^npx cdktn destroy network --auto-approve refused \(exit 1\); .* on 1 resources \(1 more carry it/),
      "To tear network down on purpose: destroy the demo and the EKS cluster first, then run MLOPS_PROTECT=false npx cdktn destroy network",
    ]);
  });

  test("a refusal that names no resource fails with both commands, their exit codes and their last lines", () => {
    const verdict = refusalVerdict(run({ plan: result("terraform plan -destroy", 1, "Error: something else\n  boom") }));
    expect(verdict).toEqual({
      status: "fail",
      details: [
        "the refusal names no resource's prevent_destroy",
        "$ terraform plan -destroy (exit 1):",
        "  Error: something else",
        "    boom",
        "$ npx cdktn destroy network --auto-approve (exit 1):",
        "  Initializing the backend...",
        "  aws_vpc.vpc: Refreshing state... [id=vpc-1]",
      ],
    });
  });

  test("a destroy that went through, or an unprotected resource, fails and says which", () => {
    const verdict = refusalVerdict(
      run({
        destroy: result("npx cdktn destroy network", 0, "Destroy complete!"),
        preventsDestroy: (address) => address !== "aws_vpc.vpc",
        changed: ["gone from the emulator: vpc-1"],
      }),
    );
    expect(verdict.status).toBe("fail");
    expect(verdict.details).toEqual([
      "the destroy succeeded: protect did not stop it",
      "$ npx cdktn destroy network (exit 0):",
      "aws_vpc.vpc is not protected: not named in the refusal, and no prevent_destroy in the deployed configuration",
      "gone from the emulator: vpc-1",
    ]);
  });
});

test("a command's evidence: the command, its exit code, and its error blocks or last lines", () => {
  expect(evidence(result("terraform apply", 1, "Plan: 1 to add\nError: boom\n  on main.tf line 1\n"))).toEqual([
    "$ terraform apply (exit 1):",
    "  Error: boom",
    "    on main.tf line 1",
  ]);
  expect(evidence(result("npm run -s verify", 2, "one\ntwo\n"))).toEqual(["$ npm run -s verify (exit 2):", "  one", "  two"]);
});
