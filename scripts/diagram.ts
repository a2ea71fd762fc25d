// npm run diagram: docs/architecture.dot and docs/architecture.svg from the synthesized stacks of the
// default environment (MLOPS_ENV picks another), network and demo ALB.
import * as fs from "fs";
import * as path from "path";
import { architectureDot, renderSvg } from "../src/tools/diagram";
import { selectedEnvironment } from "./selected-environment";
import { runTool } from "./run-tool";

runTool(async () => {
  const root = path.join(__dirname, "..");
  const { stacks } = selectedEnvironment();
  const dot = architectureDot(stacks.network, stacks.demoAlb);
  fs.mkdirSync(path.join(root, "docs"), { recursive: true });
  fs.writeFileSync(path.join(root, "docs", "architecture.dot"), dot);
  fs.writeFileSync(path.join(root, "docs", "architecture.svg"), await renderSvg(dot));
  console.log("wrote docs/architecture.dot and docs/architecture.svg");
});
