// npm run verify: checks a deployed environment (docs/design.md#6-verification) with the AWS SDK, using the
// credentials and settings of the usual AWS environment variables or profile. Exits 1 on a failure.
import { EC2Client } from "@aws-sdk/client-ec2";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { isEmulatorEndpoint } from "../src/rehearsal/emulator-gaps";
import { excuseEmulatorGaps, formatResults, verifyDeployment } from "../src/tools/verify";
import { expectations } from "../src/tools/verify-expectations";
import { selectedEnvironment } from "./selected-environment";
import { runTool, UsageError } from "./run-tool";

/** AWS's answers that mean the credentials are refused or not allowed: the user's to fix, not a bug. */
const REFUSED = [
  "AuthFailure",
  "InvalidClientTokenId",
  "UnrecognizedClientException",
  "ExpiredToken",
  "RequestExpired",
  "SignatureDoesNotMatch",
];
const DENIED = ["UnauthorizedOperation", "AccessDenied", "AccessDeniedException"];

/** The SDK's failure as the user's problem, naming the profile when one is set. */
function credentialProblem(e: Error): UsageError | undefined {
  const profile = process.env.AWS_PROFILE;
  const who = profile ? `AWS_PROFILE=${profile}` : "the credentials";
  if (e.name === "CredentialsProviderError") {
    return new UsageError(
      profile
        ? `npm run verify reads the deployed account, but ${who} gives no credentials: is the profile in ~/.aws/config or ~/.aws/credentials (aws configure list-profiles), and signed in (aws sso login --profile ${profile})? (${e.message})`
        : `npm run verify reads the deployed account: give it credentials (AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY). (${e.message})`,
    );
  }
  if (REFUSED.includes(e.name))
    return new UsageError(`AWS refused ${who} (${e.name}: ${e.message}): renew or replace them, then run again.`);
  if (DENIED.includes(e.name))
    return new UsageError(
      `${who} may not read the network (${e.name}: ${e.message}): verify needs ec2:Describe* and elasticloadbalancing:Describe*.`,
    );
  return undefined;
}

runTool(
  async () => {
    // The pinned SDK runs on every Node the project supports; its notice about future SDK releases is for whoever upgrades it.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
    const { env, stacks } = selectedEnvironment();
    const checked = await verifyDeployment(
      expectations(stacks.network, stacks.demoAlb),
      new EC2Client({ region: env.region }),
      new ElasticLoadBalancingV2Client({ region: env.region }),
    ).catch((e: Error) => {
      throw credentialProblem(e) ?? e;
    });
    const endpoint = process.env.AWS_ENDPOINT_URL;
    const emulator = isEmulatorEndpoint(endpoint);
    if (emulator) console.log(`Against the emulator at ${endpoint}: the checks its known gaps explain are skipped, each with its reason.`);
    const results = emulator ? excuseEmulatorGaps(checked) : checked;
    console.log(formatResults(results));
    if (results.some((r) => r.status === "fail")) process.exitCode = 1;
  },
  {
    usage:
      "usage: npm run verify: checks the deployed environment (MLOPS_ENV, default the default one) with the AWS credentials of the usual variables or profile",
    flags: [],
  },
);
