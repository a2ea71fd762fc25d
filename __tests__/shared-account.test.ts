import { ConfigError, loadProjectConfig } from "../src/config/load";
import { ProjectConfig } from "../src/config/types";
import { parseStack, resourcesOf } from "../src/synthesized/stack-json";
import { readNetwork } from "../src/reachability/network-model";
import { registryPolicyForMoto } from "../src/rehearsal/emulator-gaps";
import { sharedAccountFile } from "../src/rehearsal/shared-account";
import { networkStack } from "./support/synth";
import { Testing } from "cdktn";

const ACCOUNT = "111111111111";
const DEV = { namePrefix: "mlops-dev", vpcCidr: "10.1.0.0/16" };

/** prod (the default) and dev with `prod` and `dev` laid over them, loaded with `env`. */
function load(dev: Record<string, unknown>, prod: Record<string, unknown> = {}, env: Record<string, string> = {}): ProjectConfig {
  return loadProjectConfig({ file: { defaultEnvironment: "prod", environments: { prod, dev: { ...DEV, ...dev } } }, env });
}

function problems(...args: Parameters<typeof load>): string[] {
  try {
    load(...args);
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return [...e.problems];
  }
}

const inAccount = { accountId: ACCOUNT };

describe("two environments in one account and region: one owns the registry's resources", () => {
  test("both creating them in one named account is an error on the second, naming ecrRegistryOwner and the owner to name", () => {
    expect(problems(inAccount, inAccount)).toEqual([
      expect.stringMatching(
        /^config\/environments\.json environments\.dev\.ecrRegistryOwner = "": dev and prod both deploy into account 111111111111 in ap-southeast-1, and both would create the ECR registry policy and the "ecr-public" pull-through cache rule.*dev's deploy would fail on prod's rule, and destroying dev would delete the registry policy prod relies on; set dev's ecrRegistryOwner to "prod" .*deploy prod first\), or turn dev's ecrPullThroughCache off$/,
      ),
    ]);
  });

  test("the default environment is the owner proposed, wherever it is listed", () => {
    const file = { defaultEnvironment: "prod", environments: { dev: { ...DEV, ...inAccount }, prod: inAccount } };
    expect(() => loadProjectConfig({ file })).toThrow(/set dev's ecrRegistryOwner to "prod"/);
  });

  test("with the owner named, both load quietly; a variable names the owner for the selected environment", () => {
    expect(load({ ...inAccount, ecrRegistryOwner: "prod" }, inAccount).warnings).toEqual([]);
    const byVariable = load(inAccount, inAccount, { MLOPS_ENV: "dev", MLOPS_ECR_REGISTRY_OWNER: "prod" });
    expect(byVariable.environments.find((e) => e.name === "dev")?.ecrRegistryOwner).toBe("prod");
  });

  test("an empty accountId in one region is a warning for either environment, naming both settings and both layouts", () => {
    for (const selected of ["prod", "dev"]) {
      expect(load({}, inAccount, { MLOPS_ENV: selected }).warnings).toEqual([
        expect.stringMatching(
          /^accountId of dev is empty, and prod and dev are both in ap-southeast-1 with ecrPullThroughCache on: synth cannot tell whether they share an account\. In separate accounts nothing needs changing: set each accountId .* In one account .*: set both accountIds, and set dev's ecrRegistryOwner to "prod"/,
        ),
      ]);
    }
  });

  test.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ["other accounts", { accountId: "222222222222" }, inAccount],
    ["other regions", { region: "eu-west-1" }, {}],
    ["no cache in one of them", { ecrPullThroughCache: false }, {}],
  ])("%s: nothing shared, nothing said", (_, dev, prod) => {
    expect(load(dev, prod).warnings).toEqual([]);
  });

  test.each<[string, Record<string, unknown>, Record<string, unknown>, string]>([
    [
      "an unknown environment",
      { ecrRegistryOwner: "prd" },
      {},
      "no environment is called prd. Did you mean prod? Name one of prod, or leave it empty",
    ],
    ["itself", { ecrRegistryOwner: "dev" }, {}, "names this environment itself; leave it empty"],
    [
      "an owner without the cache",
      { ecrRegistryOwner: "prod" },
      { ecrPullThroughCache: false },
      "prod has ecrPullThroughCache off, so it creates no cache rule for dev to read",
    ],
    [
      "an owner in another region",
      { ecrRegistryOwner: "prod", region: "eu-west-1" },
      {},
      "prod is in ap-southeast-1 and dev in eu-west-1: a registry is per region",
    ],
    [
      "an owner in another account",
      { ecrRegistryOwner: "prod", accountId: "222222222222" },
      inAccount,
      "prod deploys into account 111111111111 and dev into 222222222222",
    ],
  ])("ecrRegistryOwner naming %s is an error that says what to name", (_, dev, prod, fix) => {
    expect(problems(dev, prod)).toEqual([expect.stringContaining(`environments.dev.ecrRegistryOwner = "${dev.ecrRegistryOwner}": ${fix}`)]);
  });

  test("an owner that reads another's rule itself is refused, naming the real owner", () => {
    const file = {
      defaultEnvironment: "prod",
      environments: { prod: {}, dev: { ...DEV, ecrRegistryOwner: "prod" }, test: { namePrefix: "mlops-test", ecrRegistryOwner: "dev" } },
    };
    expect(() => loadProjectConfig({ file })).toThrow(
      /environments\.test\.ecrRegistryOwner = "dev": dev reads the cache rule of prod itself; name the environment that owns it: ecrRegistryOwner "prod"/,
    );
  });

  test("naming an owner without a cache of one's own has no effect, and says so", () => {
    expect(problems({ ecrRegistryOwner: "prod", ecrPullThroughCache: false })).toEqual([
      expect.stringContaining('dev.ecrRegistryOwner = "prod": has no effect with ecrPullThroughCache false'),
    ]);
  });
});

describe("the synthesized ownership", () => {
  /** prod, the owner, or dev, which names prod in ecrRegistryOwner. */
  const synth = (name: "prod" | "dev") => {
    const env = load({ ...inAccount, ecrRegistryOwner: "prod" }, inAccount).environments.find((e) => e.name === name)!;
    return parseStack(Testing.synth(networkStack(env)));
  };

  test("the owner writes the rule and the registry policy; the other reads the rule and writes neither", () => {
    const owner = synth("prod");
    const reader = synth("dev");
    const count = (stack: ReturnType<typeof parseStack>, type: string) => resourcesOf(stack, type).length;
    expect([count(owner, "aws_ecr_pull_through_cache_rule"), count(owner, "aws_ecr_registry_policy")]).toEqual([1, 1]);
    expect([count(reader, "aws_ecr_pull_through_cache_rule"), count(reader, "aws_ecr_registry_policy")]).toEqual([0, 0]);
    expect(owner.data).toBeUndefined();
    expect(Object.values((reader.data as Record<string, Record<string, unknown>>).aws_ecr_pull_through_cache_rule)).toEqual([
      { ecr_repository_prefix: "ecr-public" },
    ]);
  });

  test("the other forgets, never destroys, a rule and a registry policy it owned before it named the owner", () => {
    const removed = (stack: ReturnType<typeof parseStack>) => (stack as { removed?: unknown }).removed;
    expect(removed(synth("prod"))).toBeUndefined();
    expect(removed(synth("dev"))).toEqual([
      { from: "aws_ecr_pull_through_cache_rule.ecr_public_cache_rule", lifecycle: { destroy: false } },
      { from: "aws_ecr_registry_policy.ecr_public_cache_registry_policy", lifecycle: { destroy: false } },
    ]);
    // The addresses are the owner's own.
    const owner = synth("prod");
    expect(
      [...resourcesOf(owner, "aws_ecr_pull_through_cache_rule"), ...resourcesOf(owner, "aws_ecr_registry_policy")].map((r) => r.address),
    ).toEqual((removed(synth("dev")) as { from: string }[]).map((r) => r.from));
  });

  test("the reachability model counts the owner's rule, read, as the cache the other's nodes pull through", () => {
    expect(
      readNetwork(Testing.synth(networkStack(load({ ...inAccount, ecrRegistryOwner: "prod" }, inAccount).environments[1])))
        .pullThroughCacheRules,
    ).toEqual([
      {
        address: "data.aws_ecr_pull_through_cache_rule.ecr_public_cache_rule_of_prod",
        prefix: "ecr-public",
        upstream: "public.ecr.aws",
        defined: false,
      },
    ]);
  });

  test("both hand the EKS step the same image prefix, the account's registry", () => {
    const prefix = (stack: ReturnType<typeof parseStack>) =>
      (stack.output as Record<string, { value: string }>).ecr_public_cache_prefix.value;
    expect(prefix(synth("dev"))).toBe(prefix(synth("prod")));
    expect(prefix(synth("prod"))).toMatch(/^\$\{aws_vpc\.[\w]+\.owner_id\}\.dkr\.ecr\.ap-southeast-1\.amazonaws\.com\/ecr-public$/);
  });
});

describe("the shared-account rehearsal's inputs", () => {
  const file = {
    defaultEnvironment: "prod",
    environments: {
      prod: { state: { backend: "s3", bucket: "b" } },
      dev: { ...DEV, demoDomainName: "x.example.com", demoHostedZoneId: "Z1" },
    },
  };

  test("its configuration puts both in the emulator's account, the second naming the first, and loads quietly", () => {
    const config = loadProjectConfig({ file: sharedAccountFile(file, "prod", "dev", ACCOUNT) });
    expect(config.warnings).toEqual([]);
    expect(
      config.environments.map(({ name, accountId, ecrPullThroughCache, ecrRegistryOwner, protect, state, demoDomainName }) => ({
        name,
        accountId,
        ecrPullThroughCache,
        ecrRegistryOwner,
        protect,
        state,
        demoDomainName,
      })),
    ).toEqual([
      {
        name: "prod",
        accountId: ACCOUNT,
        ecrPullThroughCache: true,
        ecrRegistryOwner: "",
        protect: true,
        state: { backend: "local" },
        demoDomainName: "",
      },
      {
        name: "dev",
        accountId: ACCOUNT,
        ecrPullThroughCache: true,
        ecrRegistryOwner: "prod",
        protect: false,
        state: { backend: "local" },
        demoDomainName: "",
      },
    ]);
    expect(() => loadProjectConfig({ file: sharedAccountFile(file, "prod", "dev", ACCOUNT, true) })).toThrow(
      /set dev's ecrRegistryOwner to "prod"/,
    );
  });

  test("the registry policy moto takes: the owner's, without the actions moto refuses", () => {
    const stack = parseStack(Testing.synth(networkStack(load({}, inAccount).environments[0])));
    const [policy] = resourcesOf(stack, "aws_ecr_registry_policy").map((r) => String(r.body.policy));
    const forMoto = registryPolicyForMoto(policy);
    type Doc = { Statement: { Action: string | string[] }[] };
    const actions = (doc: Doc) => doc.Statement.flatMap((st) => [st.Action].flat());
    const withoutActions = (doc: Doc) => ({ ...doc, Statement: doc.Statement.map((st) => ({ ...st, Action: [] })) });
    const [original, rewritten] = [JSON.parse(policy) as Doc, JSON.parse(forMoto.policy) as Doc];
    expect(actions(rewritten).every((a) => ["ecr:CreateRepository", "ecr:ReplicateImage"].includes(a))).toBe(true);
    expect([...actions(rewritten), ...forMoto.dropped].sort()).toEqual([...new Set(actions(original))].sort());
    expect(forMoto.dropped.length).toBeGreaterThan(0);
    expect(withoutActions(rewritten)).toEqual(withoutActions(original));
  });
});
