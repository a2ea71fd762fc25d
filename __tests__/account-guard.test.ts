import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { ConfigError, loadProjectConfig } from "../src/config/load";
import { offlineOverride } from "../src/offline/offline-override";
import { environment, synthDemoAlb, synthNetwork } from "./support/synth";

const providers = (json: string) => JSON.parse(json).provider.aws as Record<string, unknown>[];

describe("accountId: the environment's account, the provider's allowed_account_ids", () => {
  test("off by default: no provider names an account", () => {
    for (const json of [synthNetwork(environment({ costAlarmThresholdUsd: 30 })), synthDemoAlb(environment())]) {
      for (const p of providers(json)) expect(p.allowed_account_ids).toBeUndefined();
    }
  });

  test("set, every provider of both stacks refuses other accounts' credentials, the billing alias too", () => {
    const env = environment({ accountId: "210987654321", costAlarmThresholdUsd: 30 });
    const network = synthNetwork(env);
    expect(network).toHaveProviderWithProperties(AwsProvider, { region: "ap-southeast-1", allowed_account_ids: ["210987654321"] });
    expect(providers(network)).toHaveLength(2);
    for (const p of [...providers(network), ...providers(synthDemoAlb(env))]) expect(p.allowed_account_ids).toEqual(["210987654321"]);
  });

  test("from MLOPS_ACCOUNT_ID, for the selected environment only", () => {
    const config = loadProjectConfig({
      file: { environments: { prod: {}, dev: { namePrefix: "mlops-dev" } } },
      env: { MLOPS_ENV: "dev", MLOPS_ACCOUNT_ID: "210987654321" },
    });
    expect(config.environments.map((e) => [e.name, e.accountId])).toEqual([
      ["prod", ""],
      ["dev", "210987654321"],
    ]);
  });

  test.each([
    [{ accountId: 210987654321 }, /accountId = 210987654321: expected a string/],
    [{ accountId: "21098765432" }, /accountId = "21098765432": use a 12-digit AWS account id such as 123456789012/],
    [{ accountId: "arn:aws:iam::210987654321:root" }, /use a 12-digit AWS account id/],
  ])("a bad account id %j is refused before synth, naming the setting", (settings, message) => {
    const load = () => loadProjectConfig({ file: { environments: { prod: settings } } });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });

  test("the offline preview's override unsets it (fake credentials have no account), and only there", () => {
    const stack = synthNetwork(environment({ accountId: "210987654321" }));
    const override = offlineOverride([stack], {}, true) as { provider: { aws: Record<string, unknown>[] } };
    expect(override.provider.aws).toEqual([expect.objectContaining({ skip_requesting_account_id: true, allowed_account_ids: null })]);
  });
});
