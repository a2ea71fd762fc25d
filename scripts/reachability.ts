// npm run reachability: checks the synthesized stacks of the selected environment (MLOPS_ENV) against
// what a private EKS cluster without NAT needs, the demo path and what must stay blocked.
// Exits 1 when a requirement fails. --verbose prints every link of every chain.
import { ClusterFeature, DEFAULT_CLUSTER_FEATURES } from "../src/eks/cluster-requirements";
import { formatReachabilityReport } from "../src/reachability/format";
import { exitCode, reachabilityReport } from "../src/reachability/report";
import { runTool } from "./run-tool";
import { selectedEnvironment } from "./selected-environment";

runTool(() => {
  const { env, stacks } = selectedEnvironment();
  // clusterFeatures arrives with the configuration rewrite; until then, the defaults.
  const features = (env as { clusterFeatures?: readonly ClusterFeature[] }).clusterFeatures ?? DEFAULT_CLUSTER_FEATURES;
  const report = reachabilityReport({ network: stacks.network, demoAlb: stacks.demoAlb, features });
  const title = `Reachability of environment "${env.name}" (stacks "${stacks.names.network}" and "${stacks.names.demoAlb}", synthesized in memory)`;
  console.log(formatReachabilityReport(report, { title, verbose: process.argv.includes("--verbose") }));
  process.exitCode = exitCode(report);
});
