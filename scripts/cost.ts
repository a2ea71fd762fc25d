// npm run cost: the monthly baseline of the network and the hourly cost of the demo ALB, computed
// from the synthesized stacks of the default environment (MLOPS_ENV picks another) and src/cost/prices.json.
import { EnvironmentConfig } from "../src/config/types";
import { designChoices } from "../src/cost/choices";
import { demoAlbLines, monthly, networkLines, publicSubnetCount, sum } from "../src/cost/model";
import { formatReport } from "../src/cost/report";
import { synthEnvironment } from "../src/app";
import { selectedEnvironment } from "./selected-environment";
import { runTool } from "./run-tool";

runTool(() => {
  const { env, stacks } = selectedEnvironment();
  const baseline = sum(networkLines(stacks.network), monthly);
  const added = (name: string, change: Partial<EnvironmentConfig>) => ({
    name,
    monthlyUsd: sum(networkLines(synthEnvironment({ ...env, ...change }).network), monthly) - baseline,
  });
  console.log(
    formatReport({
      region: env.region,
      networkStack: stacks.names.network,
      demoAlbStack: stacks.names.demoAlb,
      network: networkLines(stacks.network),
      demoAlb: demoAlbLines(stacks.demoAlb, publicSubnetCount(stacks.network)),
      availabilityZones: env.availabilityZones.length,
      choices: designChoices(env, (e) => synthEnvironment(e).network),
      switches: [
        added("sagemakerRuntimeEndpoint (sagemaker.runtime)", { sagemakerRuntimeEndpoint: true }),
        added("extraInterfaceEndpoints, each (e.g. xray)", { extraInterfaceEndpoints: ["xray"] }),
      ],
    }),
  );
});
