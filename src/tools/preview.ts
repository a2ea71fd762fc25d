import * as fs from "fs";
import * as path from "path";
import { EnvironmentConfig } from "../config/types";
import type { SynthesizedEnvironment } from "../app";
import { makeTempFolder, removeTempFolder } from "../cleanup";
import { placeholderState } from "../offline/placeholder-state";
import { isProtectionRefusal, protectedAddresses, withoutProtection } from "../offline/protection";
import { detailedPlan } from "../offline/plan-summary";
import { DetailedPlan, OfflineWorkdir, PlanSummary } from "../offline/workdir";
import { localStateFileName } from "../stacks/state-backend";

/** The two stacks of an environment, by the names `--state` uses. */
export const PREVIEW_STACKS = ["network", "demo-alb"] as const;
export type PreviewStack = (typeof PREVIEW_STACKS)[number];

/** A state file to plan against: its contents, and how to name it to the user (never an absolute path). */
export interface StateFile {
  readonly label: string;
  readonly contents: string;
}

/** A state that holds no resource and no output: what `cdktn destroy` leaves behind. Planned against, it is a from-scratch plan. */
export function isEmptyState(state: StateFile): boolean {
  try {
    const { resources, outputs } = JSON.parse(state.contents) as { resources?: { mode?: string }[]; outputs?: object };
    return !(resources ?? []).some((r) => r.mode === "managed") && Object.keys(outputs ?? {}).length === 0;
  } catch {
    return false;
  }
}

export interface StackPreview {
  readonly role: PreviewStack;
  /** The stack's name, e.g. `network-dev`. */
  readonly stack: string;
  /** Without replacement fields or a prior-resource count the plan is shown as a from-scratch plan. */
  readonly plan: PlanSummary & { outputValues: Record<string, unknown> } & Partial<Omit<DetailedPlan, keyof PlanSummary | "outputValues">>;
  /** The state the plan started from; none: a from-scratch plan. */
  readonly state?: string;
  /** Where the demo-alb plan read the network outputs from; none: placeholders. */
  readonly networkOutputsFrom?: string;
  /**
   * Protected resources (`prevent_destroy`) the plan would replace or destroy: terraform refuses
   * such a plan, so `plan` is the one with protection lifted, to show what the refusal is about.
   */
  readonly refusedBy?: readonly string[];
  /** The state given was empty (everything destroyed): `plan` is from scratch. */
  readonly emptyState?: boolean;
}

export interface PreviewArgs {
  readonly stateFiles: Partial<Record<PreviewStack, string>>;
  readonly fromScratch: boolean;
  /** The stacks to plan, in the order of `PREVIEW_STACKS`. @default both */
  readonly stacks?: readonly PreviewStack[];
}

export const PREVIEW_USAGE =
  "usage: npm run preview -- [network] [demo-alb] [--state network=FILE] [--state demo-alb=FILE] [--from-scratch]\n" +
  "  (no stack named: both; the demo's plan reads the network's state whether or not the network is planned)";

/** For `network-dev`: the stacks are named by role; the environment is chosen by MLOPS_ENV. */
function environmentHint(arg: string): string {
  const m = new RegExp(`^(${PREVIEW_STACKS.join("|")})-([a-z][a-z0-9-]*)$`).exec(arg);
  return m ? `: the environment is chosen by MLOPS_ENV, the stack by its role: MLOPS_ENV=${m[2]} npm run preview -- ${m[1]}` : "";
}

/**
 * Reads the stacks to plan (`network`, `demo-alb`; none: both), `--state STACK=FILE` (repeatable) and
 * `--from-scratch`; throws with the usage on anything else.
 */
export function parsePreviewArgs(argv: readonly string[]): PreviewArgs {
  const stateFiles: Partial<Record<PreviewStack, string>> = {};
  const named = new Set<PreviewStack>();
  let fromScratch = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (PREVIEW_STACKS.includes(arg as PreviewStack)) named.add(arg as PreviewStack);
    else if (arg === "--from-scratch") fromScratch = true;
    else if (arg === "--state" || arg.startsWith("--state=")) {
      const value = arg === "--state" ? argv[++i] : arg.slice("--state=".length);
      const [stack, file] = [value?.slice(0, value.indexOf("=")), value?.slice(value.indexOf("=") + 1)];
      if (!value?.includes("=") || !PREVIEW_STACKS.includes(stack as PreviewStack) || !file) {
        throw new Error(`--state ${value ?? ""}: expected STACK=FILE with STACK one of ${PREVIEW_STACKS.join(", ")}\n${PREVIEW_USAGE}`);
      }
      stateFiles[stack as PreviewStack] = file;
    } else throw new Error(`unknown argument ${JSON.stringify(arg)}${environmentHint(arg)}\n${PREVIEW_USAGE}`);
  }
  if (fromScratch && Object.keys(stateFiles).length > 0) throw new Error(`--from-scratch and --state exclude each other\n${PREVIEW_USAGE}`);
  const stacks = named.size > 0 ? PREVIEW_STACKS.filter((s) => named.has(s)) : PREVIEW_STACKS;
  // The network's state is read by the demo's plan too; the demo's own state only by its plan.
  if (stateFiles["demo-alb"] && !stacks.includes("demo-alb")) {
    throw new Error(
      `--state demo-alb=${stateFiles["demo-alb"]} is used only by the demo-alb plan: name demo-alb too, or drop it\n${PREVIEW_USAGE}`,
    );
  }
  return { stateFiles, fromScratch, ...(named.size > 0 ? { stacks } : {}) };
}

/**
 * The state each stack is planned against: the file `--state` names, else the local state
 * `terraform.<stack name>.tfstate` in `projectRoot` when it exists (the local backend's file).
 * Labels are relative to `cwd` so that the output holds no machine paths.
 */
export function findStates(
  args: PreviewArgs,
  names: Record<"network" | "demoAlb", string>,
  projectRoot: string,
  cwd = process.cwd(),
): Partial<Record<PreviewStack, StateFile>> {
  const stackNames: Record<PreviewStack, string> = { network: names.network, "demo-alb": names.demoAlb };
  const found: Partial<Record<PreviewStack, StateFile>> = {};
  for (const stack of PREVIEW_STACKS) {
    const given = args.stateFiles[stack];
    const file = given ? path.resolve(cwd, given) : path.join(projectRoot, localStateFileName(stackNames[stack]));
    if (given && !fs.existsSync(file)) throw new Error(`--state ${stack}=${given}: no such file`);
    if (args.fromScratch || !fs.existsSync(file)) continue;
    const shown = given ? `--state ${stack}=${given}` : stateLabel(file, cwd);
    found[stack] = { label: stateLabel(file, cwd), contents: readStateFile(file, shown) };
  }
  return found;
}

/** A state file's text, checked to be one: a folder or a file that is not a Terraform state is the user's mistake. */
function readStateFile(file: string, shown: string): string {
  const pull = "a Terraform state file, e.g. from `terraform state pull > network.tfstate` in cdktf.out/stacks/network";
  if (fs.statSync(file).isDirectory()) throw new Error(`${shown}: is a folder; name ${pull}`);
  const contents = fs.readFileSync(file, "utf8");
  let state: unknown;
  try {
    state = JSON.parse(contents.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw new Error(`${shown}: is not JSON (${(e as Error).message}); name ${pull}`, { cause: e });
  }
  if (typeof state !== "object" || state === null || Array.isArray(state))
    throw new Error(`${shown}: is JSON but not a Terraform state (not an object); name ${pull}`);
  // Terraform writes format 4 since 0.12: a number "version" and a "resources" list, even when empty.
  const { version, resources, environments } = state as Record<string, unknown>;
  if (typeof version !== "number" || !Array.isArray(resources)) {
    const looksLike = environments ? ": it is a configuration file (it has environments)" : ` (no "version" and "resources" list)`;
    throw new Error(`${shown}: is JSON but not a Terraform state${looksLike}; name ${pull}`);
  }
  if (version !== 4)
    throw new Error(
      `${shown}: is a Terraform state of format ${version}, written by a Terraform before 0.12; run terraform 1.10 or later on it once, or name ${pull}`,
    );
  return contents;
}

/** The file relative to `cwd` when it is below it, else its name alone. */
function stateLabel(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? path.basename(file) : relative;
}

/** One stack to plan: its JSON, the state it starts from and the other stacks' states it reads. */
export interface PreviewTarget {
  readonly role: PreviewStack;
  readonly stack: string;
  readonly json: string;
  readonly state?: StateFile;
  /** Remote-state data sources' states, by data source name. */
  readonly remoteStates: Record<string, object>;
  /** For the demo: where the network outputs it reads come from; none: placeholders. */
  readonly networkOutputsFrom?: string;
}

/**
 * The stacks to plan, `only` those named: the demo reads the deployed network's outputs when the
 * network's state is known, placeholders otherwise.
 */
export function previewTargets(
  stacks: SynthesizedEnvironment,
  states: Partial<Record<PreviewStack, StateFile>>,
  only: readonly PreviewStack[] = PREVIEW_STACKS,
): PreviewTarget[] {
  // An emptied state is no state: its stack is planned from scratch, and the demo reads placeholders.
  const given = (state: StateFile | undefined) => (state && !isEmptyState(state) ? state : undefined);
  const network = given(states.network);
  const targets: Record<PreviewStack, PreviewTarget> = {
    network: { role: "network", stack: stacks.names.network, json: stacks.network, state: network, remoteStates: {} },
    "demo-alb": {
      role: "demo-alb",
      stack: stacks.names.demoAlb,
      json: stacks.demoAlb,
      state: given(states["demo-alb"]),
      remoteStates: { network: network ? JSON.parse(network.contents) : placeholderState(stacks.network) },
      networkOutputsFrom: network?.label,
    },
  };
  return only.map((stack) => targets[stack]);
}

/** The work dir a target is planned in, under `root`, beside the other stack's. */
function workdirOf({ stack, json, state, remoteStates }: PreviewTarget, root: string, suffix = ""): OfflineWorkdir {
  return new OfflineWorkdir({
    files: { "cdk.tf.json": json },
    dir: path.join(root, `${stack}${suffix}`),
    remoteStates,
    state: state?.contents,
    cliConfigFile: path.join(root, "terraformrc"),
  });
}

/**
 * Plans one stack in its initialized work dir; with `planJsonDir`, writes the plan as JSON there
 * (`<stack>.json`). When terraform refuses the plan because it would destroy protected resources,
 * the stack is planned again with protection lifted, in a work dir of its own, to list what the
 * refusal is about.
 */
async function planTarget(
  target: PreviewTarget,
  workdir: OfflineWorkdir,
  root: string,
  emptyState: boolean,
  planJsonDir?: string,
): Promise<StackPreview> {
  const { role, stack, state, networkOutputsFrom } = target;
  const base = {
    role,
    stack,
    state: state?.label,
    ...(networkOutputsFrom === undefined ? {} : { networkOutputsFrom }),
    ...(emptyState ? { emptyState } : {}),
  };
  try {
    const { plan: json } = await workdir.planJson();
    if (planJsonDir) fs.writeFileSync(path.join(planJsonDir, `${stack}.json`), JSON.stringify(json));
    return { ...base, plan: detailedPlan(json) };
  } catch (e) {
    if (!isProtectionRefusal(e)) throw e;
    const lifted = workdirOf({ ...target, json: withoutProtection(target.json) }, root, "-protection-lifted");
    await lifted.init();
    const plan = await lifted.planDetailed();
    const guarded = protectedAddresses(target.json);
    const refusedBy = [...plan.replaced.map((r) => r.address), ...plan.destroyed].filter((a) => guarded.has(a));
    return { ...base, plan, refusedBy };
  }
}

/**
 * Plans the synthesized stacks of an environment (`only` those named) offline (fake credentials, no
 * refresh: nothing is read from AWS), each against its state when there is one. The plans run side
 * by side, each in a work dir of its own in a temporary folder that is removed afterwards, so that
 * previews can run side by side too.
 */
export async function previewEnvironment(
  stacks: SynthesizedEnvironment,
  states: Partial<Record<PreviewStack, StateFile>> = {},
  only: readonly PreviewStack[] = PREVIEW_STACKS,
  /** A folder to write each stack's plan to, as `terraform show -json` prints it (checkov reads it). @default none */
  planJsonDir?: string,
): Promise<StackPreview[]> {
  const root = makeTempFolder("mlops-preview-");
  try {
    const workdirs = previewTargets(stacks, states, only).map((target) => ({ target, workdir: workdirOf(target, root) }));
    // One after the other: without a mirror both fill one provider download cache, which is not safe to share.
    for (const { workdir } of workdirs) await workdir.init();
    // Every plan is waited for, failed or not, before the folder they run in is removed.
    const emptied = (role: PreviewStack) => states[role] !== undefined && isEmptyState(states[role]);
    const plans = await Promise.allSettled(
      workdirs.map(({ target, workdir }) => planTarget(target, workdir, root, emptied(target.role), planJsonDir)),
    );
    const failed = plans.find((p): p is PromiseRejectedResult => p.status === "rejected");
    if (failed) throw failed.reason;
    return plans.map((p) => (p as PromiseFulfilledResult<StackPreview>).value);
  } finally {
    removeTempFolder(root);
  }
}

/** The lines that must not be missed: replacements and destroys, each with its reason. */
function warnings(previews: readonly StackPreview[]): string[] {
  const lines: string[] = [];
  for (const { stack, plan, refusedBy } of previews) {
    if (refusedBy) {
      lines.push(
        `!! ${stack}: A DEPLOY WOULD STOP at prevent_destroy: terraform refuses to replace or destroy ${refusedBy.length} protected resource${refusedBy.length === 1 ? "" : "s"}:`,
        ...refusedBy.map((a) => `!!   ${a}`),
        `!!   The plan below is the one with protection lifted, to show what would happen. To go ahead on purpose, move`,
        `!!   what lives in them (the EKS cluster) away first, then deploy once with MLOPS_PROTECT=false; otherwise undo the change.`,
      );
    }
    const replaced = plan.replaced ?? [];
    const destroyed = plan.destroyed ?? [];
    if (replaced.length > 0) {
      lines.push(
        `!! ${stack}: ${replaced.length} resource${replaced.length === 1 ? "" : "s"} will be REPLACED (destroyed and created again, with new ids):`,
      );
      for (const r of replaced) {
        const because = r.because.length > 0 ? `  (${r.because.join(", ")})` : "";
        lines.push(`!!   ${r.address}${because}${r.order === "create-then-delete" ? "  [new one first]" : ""}`);
      }
    }
    if (destroyed.length > 0) {
      lines.push(`!! ${stack}: ${destroyed.length} resource${destroyed.length === 1 ? "" : "s"} will be DESTROYED:`);
      for (const address of destroyed) lines.push(`!!   ${address}`);
    }
  }
  return lines.length > 0 ? [...lines, ""] : [];
}

function basis({ stack, plan, state, emptyState }: StackPreview): string {
  if (emptyState) return `  FROM-SCRATCH plan: the state of ${stack} is empty (everything was destroyed), so it creates everything.`;
  if (state === undefined || plan.priorResources === undefined) {
    return (
      `  FROM-SCRATCH plan: no state used for ${stack} (the local ${localStateFileName(stack)}, or --state), ` +
      "so it creates everything and cannot show replacements or destroys."
    );
  }
  return `  against the state in ${state} (${plan.priorResources} resources), not refreshed: changes made outside Terraform are not seen.`;
}

export function formatPreview(env: EnvironmentConfig, previews: readonly StackPreview[]): string {
  const lines = [
    `Offline preview of environment "${env.name}" in ${env.region}: fake credentials, no AWS calls.`,
    "",
    ...warnings(previews),
  ];
  for (const preview of previews) {
    const { stack, plan } = preview;
    const total = Object.values(plan.add).reduce((a, b) => a + b, 0);
    const replaced = plan.replaced?.length ?? 0;
    lines.push(
      `Stack ${stack}: ${total} to add, ${plan.change} to change, ${plan.destroy} to destroy${replaced > 0 ? ` (${replaced} of them replacements)` : ""}`,
    );
    lines.push(basis(preview));
    for (const [type, count] of Object.entries(plan.add).sort()) lines.push(`  ${String(count).padStart(3)}  ${type}`);
    lines.push("  outputs:");
    for (const [output, value] of Object.entries(plan.outputValues)) lines.push(`    ${output} = ${JSON.stringify(value)}`);
    lines.push("");
  }
  const demo = previews.find((p) => p.role === "demo-alb");
  if (demo?.networkOutputsFrom) lines.push(`The ${demo.stack} plan read the network outputs from ${demo.networkOutputsFrom}.`);
  else if (demo) lines.push(`The ${demo.stack} plan read placeholder network outputs ("...-placeholder-..."), not a deployed network.`);
  else lines.pop(); // the blank line after the last stack
  return lines.join("\n");
}
