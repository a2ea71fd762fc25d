// npm run cost: the monthly baseline of the network and the hourly cost of the demo ALB, computed
// from the synthesized stacks of the default environment (MLOPS_ENV picks another) and src/cost/prices.json.
// `--flow-log-gb N`: the flow-log data a month to price (default DEFAULT_FLOW_LOG_GB_PER_MONTH).
import { EndpointServiceName } from "../src/aws/endpoint-service-names";
import { EnvironmentConfig } from "../src/config/types";
import { designChoices } from "../src/cost/choices";
import { cloudWatchFlowLogs, demoAlbLines, monthly, networkLines, publicSubnetCount, pullThroughCacheRules, sum } from "../src/cost/model";
import { checkPricesOnRecord, DEFAULT_FLOW_LOG_GB_PER_MONTH, formatReport, parseCostArgs } from "../src/cost/report";
import { synthEnvironment } from "../src/app";
import { selectedEnvironment } from "./selected-environment";
import { runTool, UsageError } from "./run-tool";

runTool(
  () => {
    let args: ReturnType<typeof parseCostArgs>;
    try {
      args = parseCostArgs(process.argv.slice(2));
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const { env, stacks } = selectedEnvironment();
    try {
      checkPricesOnRecord(env.region, env.name);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
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
        flowLogs: cloudWatchFlowLogs(stacks.network),
        pullThroughCacheRules: pullThroughCacheRules(stacks.network),
        flowLogGbPerMonth: args.flowLogGbPerMonth,
        choices: designChoices(env, (e) => synthEnvironment(e).network),
        switches: [
          added("sagemakerRuntimeEndpoint (sagemaker.runtime)", { sagemakerRuntimeEndpoint: true }),
          added("extraInterfaceEndpoints, each (e.g. xray)", { extraInterfaceEndpoints: [EndpointServiceName.XRAY] }),
        ],
      }),
    );
  },
  {
    usage: `usage: npm run cost [-- --flow-log-gb GB]: the monthly cost of the network and the demo ALB's hourly cost (GB: flow logs a month, default ${DEFAULT_FLOW_LOG_GB_PER_MONTH})`,
  },
);
