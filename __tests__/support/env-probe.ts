// Run by hermetic-env.e2e.ts in a child Jest whose shell exports MLOPS_ENV=dev and overrides:
// passes only when the test setup kept them away from the tests. Not matched by `npm test` itself.
import { selectedEnvironment } from "../../scripts/selected-environment";

test("the tools see the default environment, not the shell's", () => {
  const { env } = selectedEnvironment();
  expect({ name: env.name, vpcCidr: env.vpcCidr, certificateArn: env.certificateArn }).toEqual({
    name: "prod",
    vpcCidr: "10.0.0.0/16",
    certificateArn: "",
  });
});
