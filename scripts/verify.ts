// npm run verify: checks a deployed environment (docs/design.md#6-verification) with the AWS SDK, using the
// credentials and settings of the usual AWS environment variables or profile. Exits 1 on a failure.
import { EC2Client } from "@aws-sdk/client-ec2";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { formatResults, verifyDeployment } from "../src/tools/verify";
import { expectations } from "../src/tools/verify-expectations";
import { selectedEnvironment } from "./selected-environment";
import { runTool, UsageError } from "./run-tool";

runTool(async () => {
  const { env, stacks } = selectedEnvironment();
  const results = await verifyDeployment(
    expectations(stacks.network, stacks.demoAlb),
    new EC2Client({ region: env.region }),
    new ElasticLoadBalancingV2Client({ region: env.region }),
  ).catch((e: Error) => {
    if (e.name !== "CredentialsProviderError") throw e;
    throw new UsageError(
      `npm run verify reads the deployed account: give it credentials (AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY). ${e.message}`,
    );
  });
  console.log(formatResults(results));
  if (results.some((r) => r.status === "fail")) process.exitCode = 1;
});
