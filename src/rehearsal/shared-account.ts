import { DescribeVpcsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { ECRClient, GetRegistryPolicyCommand } from "@aws-sdk/client-ecr";
import * as fs from "fs";
import * as path from "path";
import { ConfigError, loadProjectConfig, loadProjectConfigFile, projectConfigFile } from "../config/load";
import { readStrictJson } from "../config/json-file";
import { stackNames } from "../config/names";
import { localStateFileName } from "../stacks/state-backend";
import { CommandRunner, evidence } from "./commands";
import { EMULATOR_CREDENTIALS, RehearsalError } from "./emulator";
import { REGISTRY_POLICY_ACTIONS, registryPolicyForMoto, SHARED_CACHE_RULE } from "./emulator-gaps";
import { ClientSettings } from "./inventory";
import { applySummary, networkUnchanged, planAfterApply, DeployedState } from "./lifecycle";
import { inSandbox, summary } from "./sandbox";
import { fail, formatStage, pass, StageRunner } from "./stages";
import { copyProject } from "./workspace";

export interface SharedAccountOptions {
  readonly root: string;
  /** The environment that shares the default environment's account. @default the first other one in its region */
  readonly envName?: string;
  readonly print: (line: string) => void;
  readonly tmpdir?: string;
  readonly failFast?: boolean;
}

/** The account-wide ECR resources: the owner's alone. */
const REGISTRY_TYPES = ["aws_ecr_registry_policy", "aws_ecr_pull_through_cache_rule"];

type Entries = Record<string, Record<string, unknown>>;

/**
 * The configuration file the rehearsal deploys: the user's, with `owner` and `sharer` in `account`,
 * the cache on in both, `sharer` naming `owner` in ecrRegistryOwner (unless `withoutOwner`), state kept
 * locally, and neither on a demo domain (the demo stack is not deployed; the network's certificate
 * would need a hosted zone). The sharer is unprotected: its destroy is the point.
 */
export function sharedAccountFile(raw: unknown, owner: string, sharer: string, account: string, withoutOwner = false): unknown {
  const file = raw as { environments: Entries };
  const plain = (name: string) => {
    const entry = { ...file.environments[name] };
    for (const key of ["state", "demoDomainName", "demoHostedZoneId", "demoHostedZoneName"]) delete entry[key];
    return { ...entry, accountId: account, ecrPullThroughCache: true };
  };
  const shared = { ...plain(sharer), protect: false, ...(withoutOwner ? {} : { ecrRegistryOwner: owner }) };
  if (withoutOwner) delete (shared as Record<string, unknown>).ecrRegistryOwner;
  return { ...file, environments: { ...file.environments, [owner]: plain(owner), [sharer]: shared } };
}

/**
 * Two environments in one emulator account: the owner of the registry's resources and one that
 * names it. Both deployed side by side; the registry policy is the owner's, written once; the
 * sharer's plan is empty; the sharer destroyed; the owner's policy, network and plan untouched.
 */
export async function rehearseSharedAccount(options: SharedAccountOptions): Promise<boolean> {
  const started = Date.now();
  const userEnv = { ...process.env };
  delete userEnv.MLOPS_ENV;
  const file = projectConfigFile(options.root, userEnv);
  // A configuration error stops the rehearsal before any emulator starts.
  const config = loadProjectConfigFile(file.path, userEnv, file.shown);
  const owner = config.environments.find((e) => e.name === config.defaultEnvironment)!;
  const others = config.environments.filter((e) => e !== owner);
  const sharer = options.envName
    ? config.environments.find((e) => e.name === options.envName)
    : others.find((e) => e.region === owner.region);
  if (!sharer || sharer === owner)
    throw new RehearsalError(
      `--shared-account rehearses the default environment (${owner.name}) and another one in its region (${owner.region}) in one account: ` +
        (options.envName ? `name one of ${others.map((e) => e.name).join(", ") || "(none)"} with --env` : `add one to ${file.shown}`),
    );
  if (sharer.region !== owner.region)
    throw new RehearsalError(
      `--env ${sharer.name}: it is in ${sharer.region}, ${owner.name} in ${owner.region}; a registry is per region, so they share nothing`,
    );
  const { value: raw } = readStrictJson(file.path, file.shown);
  const stacks = { owner: stackNames(owner.name, true).network, sharer: stackNames(sharer.name, false).network };

  return inSandbox(userEnv, options.tmpdir, async ({ tmp, emulator, childEnv }) => {
    const clients: ClientSettings = { region: owner.region, endpoint: emulator.url, credentials: EMULATOR_CREDENTIALS };
    const account = (await new EC2Client(clients).send(new DescribeVpcsCommand({}))).Vpcs?.[0]?.OwnerId;
    if (!account) throw new RehearsalError(`the emulator at ${emulator.url} has no default VPC to read its account id from`);
    const configFile = path.join(tmp, "shared-account.json");
    fs.writeFileSync(configFile, JSON.stringify(sharedAccountFile(raw, owner.name, sharer.name, account), null, 2));
    const workspace = copyProject(options.root, path.join(tmp, "project"));
    const runner = new CommandRunner({ ...childEnv, MLOPS_CONFIG_FILE: configFile, MLOPS_ENV: owner.name });
    const stages = new StageRunner((r) => options.print(formatStage(r)), options.failFast);
    const dir = (stack: string) => path.join(workspace, "cdktf.out", "stacks", stack);
    const synthesized = (stack: string) => path.join(dir(stack), "cdk.tf.json");
    const readState = (stack: string): DeployedState =>
      JSON.parse(fs.readFileSync(path.join(workspace, localStateFileName(stack)), "utf8"));
    const registryHeld = (stack: string) =>
      (readState(stack).resources ?? [])
        .filter((r) => r.mode === "managed" && REGISTRY_TYPES.includes(r.type))
        .map((r) => `${r.type}.${r.name}`);
    const ecr = new ECRClient(clients);
    /** The registry policy in the emulator, compared with the one the owner's state holds. */
    const policyIsTheOwners = async (): Promise<string[]> => {
      const held = (readState(stacks.owner).resources ?? []).find((r) => r.type === "aws_ecr_registry_policy")?.instances[0]?.attributes;
      const live = await ecr.send(new GetRegistryPolicyCommand({})).catch((e: Error) => e);
      if (live instanceof Error) return [`the account has no registry policy: ${live.name}: ${live.message}`];
      if (!held) return [`${stacks.owner}'s state holds no registry policy`];
      const same = JSON.stringify(JSON.parse(String(live.policyText))) === JSON.stringify(JSON.parse(String(held.policy)));
      return same ? [] : [`the account's registry policy is not the one ${stacks.owner} wrote: ${live.policyText}`];
    };

    options.print(
      `Rehearsing environments ${owner.name} and ${sharer.name} in one account (${account}, ${owner.region}) against ${emulator.url} (${emulator.origin}): ` +
        `${owner.name} owns the ECR registry policy and cache rule, ${sharer.name} names it in ecrRegistryOwner`,
    );
    options.print(`  skipped (emulator): ${SHARED_CACHE_RULE.behaviour} (${SHARED_CACHE_RULE.source})`);

    const N = {
      refused: "two owners in one account: refused before synth",
      synth: `synth: ${stacks.owner} owns, ${stacks.sharer} reads`,
      deploy: `deploy ${stacks.owner} and ${stacks.sharer} side by side`,
      policy: `registry policy: ${stacks.owner}'s, written once`,
      sharerPlan: `plan of ${stacks.sharer}: nothing to change`,
      destroy: `destroy ${stacks.sharer}: ${stacks.owner} untouched`,
      ownerPlan: `plan of ${stacks.owner} after it: nothing to change`,
    };

    await stages.stage(N.refused, [], async () => {
      try {
        loadProjectConfig({ file: sharedAccountFile(raw, owner.name, sharer.name, account, true), fileName: file.shown });
        return fail(`${owner.name} and ${sharer.name} both owning the registry's resources in account ${account} loaded without an error`);
      } catch (e) {
        const named =
          e instanceof ConfigError && e.problems.some((p) => p.includes(`set ${sharer.name}'s ecrRegistryOwner to "${owner.name}"`));
        return named ? pass(`the error names ${sharer.name}'s ecrRegistryOwner and "${owner.name}"`) : fail((e as Error).message);
      }
    });

    await stages.stage(N.synth, [], async () => {
      const app = JSON.parse(fs.readFileSync(path.join(workspace, "cdktf.json"), "utf8")).app as string;
      const run = await runner.run("sh", ["-c", app], workspace, { CDKTF_OUTDIR: path.join(workspace, "cdktf.out") });
      if (run.code !== 0) return fail(...evidence(run));
      const owned = (stack: string) => {
        const json = JSON.parse(fs.readFileSync(synthesized(stack), "utf8"));
        return {
          json,
          written: REGISTRY_TYPES.filter((t) => json.resource?.[t]),
          read: Object.keys(json.data?.aws_ecr_pull_through_cache_rule ?? {}),
        };
      };
      const [mine, theirs] = [owned(stacks.owner), owned(stacks.sharer)];
      const problems = [
        ...(mine.written.length === REGISTRY_TYPES.length
          ? []
          : [`${stacks.owner} writes ${mine.written.join(", ") || "neither"}, not both`]),
        ...theirs.written.map((t) => `${stacks.sharer} writes ${t}, which is ${stacks.owner}'s`),
        ...(theirs.read.length === 1 ? [] : [`${stacks.sharer} does not read ${stacks.owner}'s cache rule`]),
      ];
      if (problems.length) return fail(...problems);
      // The emulator gaps: what moto cannot answer goes; the registry policy stays, with the actions moto takes.
      delete mine.json.resource.aws_ecr_pull_through_cache_rule;
      const [policy] = Object.values(mine.json.resource.aws_ecr_registry_policy as Record<string, { policy: string }>);
      const forMoto = registryPolicyForMoto(policy.policy);
      policy.policy = forMoto.policy;
      delete theirs.json.data.aws_ecr_pull_through_cache_rule;
      if (Object.keys(theirs.json.data).length === 0) delete theirs.json.data;
      fs.writeFileSync(synthesized(stacks.owner), JSON.stringify(mine.json, null, 2));
      fs.writeFileSync(synthesized(stacks.sharer), JSON.stringify(theirs.json, null, 2));
      return {
        ...pass(
          `${stacks.owner} writes the registry policy and the cache rule; ${stacks.sharer} reads the rule and writes neither`,
          `skipped (emulator): the rule and its read, taken out before the apply (named above)`,
          `skipped (emulator): ${forMoto.dropped.join(", ")} taken out of the registry policy: ${REGISTRY_POLICY_ACTIONS.behaviour} (${REGISTRY_POLICY_ACTIONS.source})`,
        ),
        emulatorSkips: 3,
      };
    });

    const terraform = (stack: string, ...args: string[]) =>
      runner.run("terraform", [...args, "-input=false", "-no-color", ...(args[0] === "init" ? [] : ["-auto-approve"])], dir(stack));
    await stages.stage(N.deploy, [N.synth], async () => {
      const applied = await Promise.all(
        [stacks.owner, stacks.sharer].map(async (stack) => {
          const init = await terraform(stack, "init");
          return init.code === 0 ? { stack, run: await terraform(stack, "apply") } : { stack, run: init };
        }),
      );
      const failed = applied.filter((a) => a.run.code !== 0);
      if (failed.length) return fail(...failed.flatMap((a) => evidence(a.run)));
      return pass(...applied.map((a) => `${a.stack}: ${applySummary(a.run.output)}`));
    });

    await stages.stage(N.policy, [N.deploy], async () => {
      const problems = [...(await policyIsTheOwners()), ...registryHeld(stacks.sharer).map((a) => `${stacks.sharer}'s state holds ${a}`)];
      return problems.length
        ? fail(...problems)
        : pass(`GetRegistryPolicy gives ${stacks.owner}'s policy; ${stacks.sharer}'s state holds no ECR registry resource`);
    });

    await stages.stage(N.sharerPlan, [N.deploy], () => planAfterApply(runner, dir(stacks.sharer)));

    await stages.stage(N.destroy, [N.deploy], async () => {
      const before = readState(stacks.owner);
      const destroy = await terraform(stacks.sharer, "destroy");
      if (destroy.code !== 0) return fail(...evidence(destroy));
      const left = (readState(stacks.sharer).resources ?? []).filter((r) => r.mode === "managed").length;
      const problems = [
        ...(left ? [`${left} resources are still in ${stacks.sharer}'s state`] : []),
        ...(await policyIsTheOwners()),
        ...(await networkUnchanged(before, readState(stacks.owner), clients)),
      ];
      return problems.length
        ? fail(...problems)
        : pass(
            `${stacks.sharer}'s state is empty; the registry policy is still ${stacks.owner}'s, and ${stacks.owner}'s state and resources are as they were`,
          );
    });

    await stages.stage(N.ownerPlan, [N.destroy], () => planAfterApply(runner, dir(stacks.owner)));

    options.print(summary(`shared account (${owner.name} and ${sharer.name})`, started, runner, stages));
    return stages.results.every((r) => r.status !== "fail");
  });
}
