// npm run reachability: checks the synthesized stacks of the selected environment (MLOPS_ENV) against
// what the private EKS cluster needs (per clusterFeatures), the demo path and what must stay blocked,
// each with the AWS document it comes from. Exits 1 when a requirement fails. --verbose prints every
// link of every chain.
import { proveEndpointPolicies } from "../src/policy/endpoint-proof";
import { formatReachabilityReport } from "../src/reachability/format";
import { exitCode, failures, reachabilityReport } from "../src/reachability/report";
import { runTool } from "./run-tool";
import { selectedEnvironment } from "./selected-environment";

runTool(
  async () => {
    const { env, stacks } = selectedEnvironment();
    const endpointProof = await proveEndpointPolicies(stacks.network);
    const report = reachabilityReport({ network: stacks.network, demoAlb: stacks.demoAlb, features: env.clusterFeatures, endpointProof });
    const title = `Reachability of environment "${env.name}" (stacks "${stacks.names.network}" and "${stacks.names.demoAlb}", synthesized in memory)`;
    console.log(formatReachabilityReport(report, { title, verbose: process.argv.includes("--verbose") }));
    const missingEndpoints = failures(report).filter((c) => c.reason.startsWith("no VPC endpoint for"));
    if (missingEndpoints.length && env.endpointSet !== "cluster") {
      console.log(
        `\nIn the configuration: endpointSet is "${env.endpointSet}"; "cluster" creates every endpoint the cluster features need` +
          ` (or name the services in extraInterfaceEndpoints, or set egress "nat-gateway").`,
      );
    }
    process.exitCode = exitCode(report);
  },
  {
    usage:
      "usage: npm run reachability [-- --verbose]: what the EKS cluster and the demo reach in the selected environment (MLOPS_ENV), and every endpoint policy judged by an IAM simulator; --verbose prints every link",
    flags: ["--verbose"],
  },
);
