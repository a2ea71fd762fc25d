// npm run checkov: the security gate (npm test runs it). checkov, pinned in requirements-checkov.txt
// and installed into .venv-checkov on first use, with this project's own checks (checkov-checks/), in
// one process over every environment's stacks and the variants with every switch on; its findings
// judged against SECURITY.md. With --regressions, the gate's own test (test:e2e runs it): each
// deliberate regression of src/policy/mutations.ts must be caught by exactly the checks it lists.
import * as fs from "fs";
import * as path from "path";
import { loadProjectConfigFile, projectConfigFile } from "../src/config/load";
import { parseExceptions } from "../src/policy/exceptions";
import { deadRows, formatMutations, JudgedStack, mutationCaught, MutationVerdict, stackReport, unaccepted } from "../src/policy/gate";
import { MUTATIONS } from "../src/policy/mutations";
import { formatPolicyReport, policyFails } from "../src/policy/report";
import { parseStack } from "../src/synthesized/stack-json";
import { ensureCheckov } from "../src/tools/checkov-install";
import { checkovFindings, inRunFolder, runCheckov, runCheckUnitTests, writeTargets } from "../src/tools/checkov";
import { cleanStacks, everySwitchStacks, mutationBases } from "../src/tools/policy-stacks";
import { runTool, UsageError } from "./run-tool";
import { asUsageError } from "./setup-errors";

const ROOT = path.join(__dirname, "..");
const CHECKS = path.join(ROOT, "checkov-checks");

const REGRESSIONS = "--regressions";

const USAGE = `npm run checkov [-- --regressions]

The security gate (npm test runs it): checkov, pinned in requirements-checkov.txt (installed into
.venv-checkov on first use; needs python3), with this project's checks in checkov-checks/, in one
process over every environment's synthesized stacks and the variants with every switch on, and the
unit tests of checkov-checks/. Exits 1 when a stack fails a check that SECURITY.md does not accept,
an accepted exception no longer occurs, a row of SECURITY.md accepts nothing in any stack, or a unit
test fails.

--regressions: the gate's own test instead (npm run test:e2e runs it): each deliberate regression
of src/policy/mutations.ts, in one checkov process; exits 1 when one is not caught by exactly the
checks it lists.

To judge other stacks (e.g. cdktf.out after a synth): npm run policy.`;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

runTool(
  () =>
    asUsageError(async () => {
      const args = process.argv.slice(2);
      const regressions = args.length === 1 && args[0] === REGRESSIONS;
      if (args.length > 0 && !regressions)
        throw new UsageError(`npm run checkov takes ${REGRESSIONS} or nothing (got ${args.join(" ")})\n\n${USAGE}`);
      const started = Date.now();
      const file = projectConfigFile(ROOT, {});
      const config = loadProjectConfigFile(file.path, {}, file.shown);
      const exceptions = parseExceptions(fs.readFileSync(path.join(ROOT, "SECURITY.md"), "utf8"));
      const checkov = ensureCheckov(ROOT);

      const clean = cleanStacks(config);
      const bases = mutationBases(config, clean);
      const stacks = regressions
        ? MUTATIONS.map((m) => {
            const stack = parseStack(bases[m.base].json);
            m.mutate(stack);
            return { kind: "mutation" as const, label: m.name, name: bases[m.base].name, stack, expected: m.expected };
          })
        : [
            ...clean.map((s) => ({ kind: "clean" as const, label: s.label, name: s.name, stack: parseStack(s.json) })),
            ...everySwitchStacks(config).map((s) => ({
              kind: "variant" as const,
              label: s.label,
              name: s.name,
              stack: parseStack(s.json),
            })),
          ];

      await inRunFolder("mlops-checkov-", async ({ stacks: folder, tmp }) => {
        const targets = writeTargets(folder, stacks);
        const checkovStarted = Date.now();
        const [report, unit] = await Promise.all([
          runCheckov(checkov.python, CHECKS, folder, tmp),
          regressions ? undefined : runCheckUnitTests(checkov.python, CHECKS, tmp),
        ]);
        const checkovTime = seconds(Date.now() - checkovStarted);
        const found = checkovFindings(report, targets);
        const judged = (i: number): JudgedStack => ({ ...targets[i], findings: found.get(targets[i].label)! });
        const summary = `checkov ${checkov.version} on ${targets.length} stacks in one process: ${checkovTime}; ${seconds(Date.now() - started)} in all`;

        if (regressions) {
          const mutations: MutationVerdict[] = stacks.map((s, i) => ({
            mutation: s.label,
            expected: [...(s.kind === "mutation" ? s.expected : [])].sort(),
            found: unaccepted(judged(i), exceptions),
          }));
          console.log(formatMutations(mutations));
          console.log(summary);
          if (!mutations.every(mutationCaught)) process.exitCode = 1;
          return;
        }
        const cleanReports = stacks.flatMap((s, i) => (s.kind === "clean" ? [stackReport(judged(i), exceptions)] : []));
        const variantFailures = stacks.flatMap((s, i) =>
          s.kind === "variant" ? unaccepted(judged(i), exceptions).map((f) => `${s.label}: ${f}`) : [],
        );
        const dead = deadRows(
          exceptions,
          stacks.map((_, i) => judged(i)),
        );

        console.log(formatPolicyReport(cleanReports));
        console.log(
          variantFailures.length === 0
            ? "every switch on: nothing SECURITY.md does not accept"
            : `every switch on: findings SECURITY.md does not accept:\n${variantFailures.map((f) => `  FIX      ${f}`).join("\n")}`,
        );
        for (const d of dead) console.log(`DEAD     ${d}: a row of SECURITY.md that accepts nothing in any stack (remove or correct it)`);
        console.log(unit!.ok ? "checkov-checks/ unit tests: passed" : `checkov-checks/ unit tests FAILED:\n${unit!.output}`);
        console.log(summary);
        if (policyFails(cleanReports) || variantFailures.length > 0 || dead.length > 0 || !unit!.ok) process.exitCode = 1;
      });
    }),
  { usage: USAGE },
);
