// npm run diagram: the architecture diagram (DOT and SVG) from the synthesized stacks of the default
// environment (MLOPS_ENV picks another), network and demo ALB. The default environment updates the
// committed docs/architecture.* (with or without --write); another goes to .out/diagram/, and --write
// is refused for it.
import * as fs from "fs";
import * as path from "path";
import { architectureDot, renderSvg } from "../src/tools/diagram";
import { diagramOutputs, parseWriteFlag } from "../src/tools/output-path";
import { selectedEnvironment } from "./selected-environment";
import { runTool, UsageError } from "./run-tool";

runTool(
  async () => {
    let write: boolean;
    try {
      write = parseWriteFlag(process.argv.slice(2));
    } catch (e) {
      throw new UsageError(`npm run diagram [-- --write]: ${(e as Error).message}`);
    }
    const root = path.join(__dirname, "..");
    const { env, isDefault, stacks } = selectedEnvironment();
    const dot = architectureDot(stacks.network, stacks.demoAlb);
    let outputs: ReturnType<typeof diagramOutputs>;
    try {
      outputs = diagramOutputs(env.name, isDefault, write);
    } catch (e) {
      throw new UsageError(`npm run diagram: ${(e as Error).message}`);
    }
    fs.mkdirSync(path.join(root, path.dirname(outputs.svg)), { recursive: true });
    fs.writeFileSync(path.join(root, outputs.dot), dot);
    fs.writeFileSync(path.join(root, outputs.svg), await renderSvg(dot));
    console.log(`wrote ${outputs.dot} and ${outputs.svg} (environment ${env.name})`);
  },
  {
    usage: "usage: npm run diagram [-- --write]: the default environment into docs/architecture.*, another (MLOPS_ENV) into .out/diagram/",
  },
);
