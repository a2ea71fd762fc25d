import { ACMClient, DescribeCertificateCommand } from "@aws-sdk/client-acm";
import { DescribeSubnetsCommand, EC2Client } from "@aws-sdk/client-ec2";
import {
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import * as fs from "fs";
import * as path from "path";
import { resourceNames } from "../config/names";
import { EnvironmentConfig } from "../config/types";
import { localStateFileName } from "../stacks/state-backend";
import { CommandResult, CommandRunner, evidence, unwrapped } from "./commands";
import { Emulator, EMULATOR_CREDENTIALS } from "./emulator";
import { EmulatorGap, gapOfDetail, parseVerify, planGap, PlannedChange } from "./emulator-gaps";
import { ClientSettings, leftBehind, readInventory } from "./inventory";
import { checkOutputContract, SubnetFacts, TerraformOutputs } from "./output-contract";
import { refusalVerdict } from "./refusal";
import { fail, pass, skip, StageRunner, StageVerdict } from "./stages";

/** Resource types whose destruction `protect` must refuse (README.md, section "Protection and teardown"). */
const PROTECTED_TYPES = ["aws_vpc", "aws_subnet", "aws_security_group"];

/** Ids of the network's resources that the inventory lists (Terraform's own composite ids are left out). */
const LISTED_ID = /^(vpc|subnet|sg|igw|rtb|vpce|fl|nat|eipalloc)-[0-9a-f]+$/;

export interface LifecycleOptions {
  readonly env: EnvironmentConfig;
  readonly stacks: { readonly network: string; readonly demoAlb: string };
  /** The project copy to deploy from. */
  readonly workspace: string;
  readonly emulator: Emulator;
  readonly runner: CommandRunner;
  readonly stages: StageRunner;
  /**
   * The ECR Public cache is configured but rehearsed off (emulator gap): the EKS hand-off gets the
   * repository the cache would serve. @default false
   */
  readonly pullThroughCacheSkipped?: boolean;
  /** What the rehearsal's own AWS clients sign with. @default EMULATOR_CREDENTIALS */
  readonly credentials?: ClientSettings["credentials"];
  /** Added to the environment of each command that deploys, plans or destroys the project's stacks: the deploy role's keys. */
  readonly deployEnv?: Record<string, string>;
  /** The EKS hand-off cannot be rehearsed (an emulator gap): its stage is skipped, naming it. */
  readonly eksSkipped?: EmulatorGap;
  /** Checks of the deployed network's own, run after the plan-after-apply stage (the adoption's). @default none */
  readonly afterNetworkDeploy?: (stackDir: string) => Promise<void>;
}

export interface DeployedState {
  serial?: number;
  resources?: { type: string; name: string; mode: string; instances: { attributes: Record<string, unknown> }[] }[];
}

/**
 * The README's lifecycle against the emulator: deploy the network; check its outputs and that a
 * plan right after finds nothing to do; the demo ALB and the EKS hand-off side by side; verify;
 * the demo destroyed without touching the network; a protected destroy refused; the deliberate
 * teardown, after which the emulator holds nothing of the project.
 */
export async function runLifecycle(o: LifecycleOptions): Promise<void> {
  const { env, stacks, workspace, emulator, runner, stages } = o;
  const cdktn = (verb: string, stack: string, extra: Record<string, string> = {}) =>
    runner.run("npx", ["cdktn", verb, stack, "--auto-approve", "--skip-provider-lock"], workspace, { ...o.deployEnv, ...extra });
  const stackDir = (stack: string) => path.join(workspace, "cdktf.out", "stacks", stack);
  const statePath = path.join(workspace, localStateFileName(stacks.network));
  const readState = (): DeployedState => JSON.parse(fs.readFileSync(statePath, "utf8"));
  const clients: ClientSettings = { region: env.region, endpoint: emulator.url, credentials: o.credentials ?? EMULATOR_CREDENTIALS };
  const eksDir = path.join(workspace, "examples", "eks-handoff");
  const names = resourceNames(env);
  // What the emulator holds before anything is deployed (moto makes a default VPC, its subnets and groups).
  const baseline = await readInventory(clients);

  const N = {
    wrongAccount: "deploy into an account the environment does not name: refused",
    deployNetwork: `deploy ${stacks.network}`,
    contract: "output contract",
    planAfter: "plan after apply: nothing to change",
    deployDemo: `deploy ${stacks.demoAlb} (remote state)`,
    eks: "EKS hand-off applies on the network's state",
    preview: "npm run preview: a replacing change on the deployed state",
    verify: "npm run verify",
    demoDestroy: `destroy ${stacks.demoAlb}: network untouched`,
    refused: "protected network: destroy refused",
    teardown: "teardown: nothing of the project left",
    previewEmptied: "npm run preview after the teardown: from scratch",
  };

  await stages.stage(N.wrongAccount, [], async () => {
    // The emulator's account is not the one named, as when the dev profile's credentials meet prod.
    const named = OTHER_ACCOUNT;
    const deploy = await cdktn("deploy", stacks.network, { MLOPS_ACCOUNT_ID: named });
    // The refusal is read from terraform itself, on the configuration that deploy synthesized: the
    // CLI may drop terraform's last lines, its errors, on a busy machine (src/rehearsal/refusal.ts).
    const plan = await runner.run(
      "terraform",
      ["plan", "-input=false", "-lock=false", "-no-color", "-refresh=false"],
      stackDir(stacks.network),
    );
    const left = leftBehind(baseline, await readInventory(clients));
    const problems = [
      ...(deploy.code === 0 ? [`the deploy succeeded`, ...evidence(deploy, [])] : []),
      ...(/account ID not allowed/i.test(unwrapped(plan.output))
        ? []
        : ["the refusal does not say the account is not allowed", ...evidence(plan), ...evidence(deploy)]),
      ...(left.length ? [`it changed the emulator: ${left.join(", ")}`] : []),
    ];
    return problems.length ? fail(...problems) : pass(`MLOPS_ACCOUNT_ID=${named}: refused before any change (allowed_account_ids)`);
  });

  await stages.stage(N.deployNetwork, [], async () => deployed(await cdktn("deploy", stacks.network), readStateCount(statePath)));

  await stages.stage(N.contract, [N.deployNetwork], async () => {
    const [out, shown] = await Promise.all([
      runner.run("terraform", ["output", "-json"], stackDir(stacks.network)),
      runner.run("npx", ["cdktn", "output", stacks.network, "--skip-synth"], workspace),
    ]);
    if (out.code !== 0) return fail(...evidence(out));
    if (shown.code !== 0) return fail(...evidence(shown));
    const declared = JSON.parse(fs.readFileSync(path.join(stackDir(stacks.network), "cdk.tf.json"), "utf8")).output ?? {};
    const outputs = JSON.parse(out.output) as TerraformOutputs;
    const problems = checkOutputContract(outputs, declared, env, await subnetFacts(new EC2Client(clients), outputs));
    const nulls = Object.keys(declared).filter((n) => declared[n].value === null);
    return problems.length
      ? fail(...problems)
      : pass(
          `${Object.keys(outputs).length} outputs as the contract says (terraform output; cdktn output exits 0)` +
            (nulls.length ? `; null by configuration, absent as designed: ${nulls.join(", ")}` : ""),
        );
  });

  await stages.stage(N.planAfter, [N.deployNetwork], async () => planAfterApply(runner, stackDir(stacks.network), o.deployEnv));
  if (stages.passed(N.deployNetwork)) await o.afterNetworkDeploy?.(stackDir(stacks.network));

  await stages.stage(N.preview, [N.deployNetwork], async () => {
    const moved = movedCidr(env.vpcCidr);
    const run = await runner.run("npm", ["run", "-s", "preview", "--", "network"], workspace, { MLOPS_VPC_CIDR: moved });
    const problems = [
      ...(run.code === 0 ? [] : [`it failed`]),
      ...(/REPLACED/.test(run.output) ? [] : ["no replacement listed"]),
      ...(env.protect && !/A DEPLOY WOULD STOP at prevent_destroy/.test(run.output) ? ["the refusal by prevent_destroy is not said"] : []),
      ...(!env.protect && /A DEPLOY WOULD STOP/.test(run.output) ? ["a refusal is announced, but protect is off"] : []),
      ...(STACK_TRACE.test(run.output) ? ["it printed a stack trace"] : []),
    ];
    const replaced = /(\d+) resources will be REPLACED/.exec(run.output)?.[1];
    return problems.length
      ? fail(...problems, ...evidence(run))
      : pass(
          `MLOPS_VPC_CIDR=${moved}: ${replaced} replacements listed` +
            (env.protect ? ", and that a deploy would stop at prevent_destroy" : ""),
        );
  });

  const accountId = () =>
    String(readState().resources?.find((r) => r.type === "aws_vpc")?.instances[0]?.attributes.owner_id ?? "123456789012");
  const eksVars = () => [
    `-var=region=${env.region}`,
    `-var=network_state_path=../../${localStateFileName(stacks.network)}`,
    `-var=cluster_role_arn=arn:aws:iam::${accountId()}:role/rehearsal-eks-cluster`,
    `-var=node_role_arn=arn:aws:iam::${accountId()}:role/rehearsal-eks-nodes`,
    ...(o.pullThroughCacheSkipped
      ? [`-var=controller_image_repository=${accountId()}.dkr.ecr.${env.region}.amazonaws.com/ecr-public/eks/aws-load-balancer-controller`]
      : []),
  ];
  await Promise.all([
    stages.stage(N.deployDemo, [N.deployNetwork], async () => deployed(await cdktn("deploy", stacks.demoAlb))),
    stages.stage(N.eks, [N.deployNetwork], async () => {
      if (o.eksSkipped) return { ...skip(`emulator: ${o.eksSkipped.behaviour} (${o.eksSkipped.source})`), emulatorSkips: 1 };
      const init = await runner.run("terraform", ["init", "-input=false", "-no-color"], eksDir);
      if (init.code !== 0) return fail(...evidence(init));
      const apply = await runner.run("terraform", ["apply", "-auto-approve", "-input=false", "-no-color", ...eksVars()], eksDir);
      return apply.code === 0 ? pass(applySummary(apply.output)) : fail(...evidence(apply));
    }),
  ]);

  await stages.stage(N.verify, [N.deployNetwork, N.deployDemo], async () => {
    const registered = await registerTarget(new ElasticLoadBalancingV2Client(clients), names.targetGroup, env);
    return verifyAgainstEmulator(await runner.run("npm", ["run", "-s", "verify"], workspace), registered);
  });

  await stages.stage(N.demoDestroy, [N.deployNetwork], async () => {
    const before = readState();
    const [demo, eks] = await Promise.all([
      cdktn("destroy", stacks.demoAlb),
      o.eksSkipped
        ? Promise.resolve({ command: "", code: 0, output: "", seconds: 0 })
        : runner.run("terraform", ["destroy", "-auto-approve", "-input=false", "-no-color", ...eksVars()], eksDir),
    ]);
    const problems = [
      ...(demo.code === 0 ? [] : evidence(demo)),
      ...(eks.code === 0 ? [] : evidence(eks)),
      ...(await networkUnchanged(before, readState(), clients)),
    ];
    return problems.length
      ? fail(...problems)
      : pass(`the network's state and its ${awsIds(before).length} AWS resources are as they were`);
  });

  await stages.stage(N.refused, [N.deployNetwork], async () => {
    if (!env.protect) return skip(`protect is off in environment ${env.name}: there is nothing to refuse`);
    const before = readState();
    const destroy = await cdktn("destroy", stacks.network);
    const plan = await runner.run("terraform", ["plan", "-destroy", "-input=false", "-lock=false", "-no-color"], stackDir(stacks.network));
    const deployed = JSON.parse(fs.readFileSync(path.join(stackDir(stacks.network), "cdk.tf.json"), "utf8")) as DeployedJson;
    return refusalVerdict({
      stack: stacks.network,
      destroy,
      plan,
      guarded: (before.resources ?? [])
        .filter((r) => r.mode === "managed" && PROTECTED_TYPES.includes(r.type))
        .map((r) => `${r.type}.${r.name}`),
      preventsDestroy: (address) => preventsDestroy(deployed, address),
      changed: await networkUnchanged(before, readState(), clients),
    });
  });

  await stages.stage(N.teardown, [N.deployNetwork], async () => {
    const certificates = (readState().resources ?? [])
      .filter((r) => r.type === "aws_acm_certificate")
      .flatMap((r) => r.instances.map((i) => String(i.attributes.arn)));
    const destroy = await cdktn("destroy", stacks.network, { MLOPS_PROTECT: "false" });
    if (destroy.code !== 0) return fail(...evidence(destroy));
    const inState = readState().resources?.filter((r) => r.mode === "managed").length ?? 0;
    if (inState > 0) return fail(`${inState} resources are still in the network's state`);
    // moto cannot list certificates (ListCertificates fails on one requested without an export option), so each is looked up.
    const left = [...leftBehind(baseline, await readInventory(clients)), ...(await certificatesLeft(certificates, clients))];
    return left.length ? fail(`still in the emulator: ${left.join(", ")}`) : pass("the emulator holds nothing of the project");
  });

  await stages.stage(N.previewEmptied, [N.teardown], async () => {
    const run = await runner.run("npm", ["run", "-s", "preview"], workspace);
    const fromScratch = new RegExp(`FROM-SCRATCH plan: the state of ${stacks.network} is empty`).test(run.output);
    if (run.code === 0 && fromScratch && !STACK_TRACE.test(run.output)) return pass("planned from scratch, and says so");
    return fail(...(fromScratch ? [] : ["not announced as a from-scratch plan"]), ...evidence(run));
  });
}

async function certificatesLeft(arns: string[], clients: ClientSettings): Promise<string[]> {
  const acm = new ACMClient(clients);
  const left = await Promise.all(
    arns.map((arn) =>
      acm.send(new DescribeCertificateCommand({ CertificateArn: arn })).then(
        () => [`ACM certificates: ${arn}`],
        (e: Error) => (e.name === "ResourceNotFoundException" ? [] : [`ACM certificate ${arn}: ${e.message}`]),
      ),
    ),
  );
  return left.flat();
}

/** A synthesized stack, as far as protection is read here. */
type DeployedJson = { resource?: Record<string, Record<string, { lifecycle?: { prevent_destroy?: boolean } }>> };

function preventsDestroy(stack: DeployedJson, address: string): boolean {
  const [type, name] = address.split(".");
  return stack.resource?.[type]?.[name]?.lifecycle?.prevent_destroy === true;
}

/** An account id that is not the emulator's (moto's is 123456789012 unless MOTO_ACCOUNT_ID says otherwise). */
const OTHER_ACCOUNT = "210987654321";

/** A JavaScript stack trace in a tool's output. */
const STACK_TRACE = /\n\s+at .+\(.+:\d+:\d+\)/;

/** Another /16 (or whatever size) than the deployed one: the second octet moved by 100. */
function movedCidr(cidr: string): string {
  const [a, b, ...rest] = cidr.split(".");
  return [a, (Number(b) + 100) % 256, ...rest].join(".");
}

function readStateCount(statePath: string): () => number {
  return () => {
    try {
      const state = JSON.parse(fs.readFileSync(statePath, "utf8")) as DeployedState;
      return (state.resources ?? []).filter((r) => r.mode === "managed").reduce((n, r) => n + r.instances.length, 0);
    } catch {
      return 0;
    }
  };
}

/** A `cdktn deploy`: exit code 0, or its errors. */
function deployed(result: CommandResult, count?: () => number): StageVerdict {
  if (result.code !== 0) return fail(...evidence(result));
  return pass(count ? `exit 0, ${count()} resources in the state` : applySummary(result.output));
}

export function applySummary(output: string): string {
  return /Apply complete! Resources: [^\n]*/.exec(output)?.[0] ?? "exit 0";
}

async function subnetFacts(ec2: EC2Client, outputs: TerraformOutputs): Promise<Map<string, SubnetFacts>> {
  const vpcId = outputs.vpc_id?.value;
  if (typeof vpcId !== "string") return new Map();
  const subnets = (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }))).Subnets ?? [];
  return new Map(
    subnets.map((s) => [
      s.SubnetId!,
      { id: s.SubnetId!, availabilityZone: s.AvailabilityZone, mapPublicIpOnLaunch: s.MapPublicIpOnLaunch },
    ]),
  );
}

/** terraform plan in the deployed stack's folder (refreshed from the emulator): nothing may change but the known gaps. */
export async function planAfterApply(runner: CommandRunner, dir: string, deployEnv?: Record<string, string>): Promise<StageVerdict> {
  const plan = await runner.run("terraform", ["plan", "-input=false", "-lock=false", "-no-color", "-out=rehearsal.tfplan"], dir, deployEnv);
  if (plan.code !== 0) return fail(...evidence(plan));
  const shown = await runner.run("terraform", ["show", "-json", "rehearsal.tfplan"], dir);
  fs.rmSync(path.join(dir, "rehearsal.tfplan"), { force: true });
  if (shown.code !== 0) return fail(...evidence(shown));
  const changes = ((JSON.parse(shown.output).resource_changes ?? []) as PlannedChange[]).filter(
    (rc) => !["no-op", "read"].includes(rc.change.actions.join()),
  );
  const real = changes.filter((rc) => !planGap(rc));
  if (real.length) return fail(...real.map((rc) => `${rc.change.actions.join("+")} ${rc.address}`));
  const excused = changes.filter((rc) => planGap(rc));
  if (excused.length === 0) return pass("no changes");
  const byGap = new Map<EmulatorGap, number>();
  for (const rc of excused) byGap.set(planGap(rc)!, (byGap.get(planGap(rc)!) ?? 0) + 1);
  const notes = [...byGap].map(([gap, n]) => `skipped (emulator): ${n} changes: ${gap.behaviour} (${gap.source})`);
  return { ...pass("no other changes", ...notes), emulatorSkips: excused.length };
}

/** Registers one pod IP of the first private subnet, so that verify's target-health check has a target to read. */
async function registerTarget(elb: ElasticLoadBalancingV2Client, name: string, env: EnvironmentConfig): Promise<string> {
  const group = (await elb.send(new DescribeTargetGroupsCommand({ Names: [name] }))).TargetGroups?.[0];
  if (!group?.TargetGroupArn) throw new Error(`target group ${name} not found`);
  const [a, b, c] = env.privateSubnetCidrs[0].split("/")[0].split(".");
  const ip = `${a}.${b}.${c}.10`;
  await elb.send(new RegisterTargetsCommand({ TargetGroupArn: group.TargetGroupArn, Targets: [{ Id: ip, Port: env.apiTargetPort }] }));
  return `${ip}:${env.apiTargetPort}`;
}

function verifyAgainstEmulator(result: CommandResult, registered: string): StageVerdict {
  const lines = parseVerify(result.output);
  if (lines.length === 0) return fail("npm run verify printed no checks", ...evidence(result));
  // verify itself skips the emulator's known gaps (it sees AWS_ENDPOINT_URL), naming each.
  const failed = lines.filter((l) => l.status === "FAIL");
  const excused = lines.filter((l) => l.status === "SKIP" && gapOfDetail(l.detail));
  const skipped = lines.filter((l) => l.status === "SKIP" && !gapOfDetail(l.detail));
  const passed = lines.filter((l) => l.status === "PASS").length;
  const notes = [
    ...excused.map((l) => `skipped (emulator): ${l.what}: ${gapOfDetail(l.detail)}`),
    ...skipped.map((l) => `skipped by verify: ${l.what} (${l.detail})`),
    `target health is read for ${registered}, registered by the rehearsal (moto reports every registered target healthy)`,
  ];
  if (failed.length)
    return fail(
      ...evidence(
        result,
        failed.map((l) => `FAIL  ${l.what}  (${l.detail})`),
      ),
      ...notes,
    );
  return { ...pass(`${passed} of ${lines.length} checks passed`, ...notes), emulatorSkips: excused.length };
}

function awsIds(state: DeployedState): string[] {
  return (state.resources ?? []).flatMap((r) => r.instances.map((i) => String(i.attributes.id))).filter((id) => LISTED_ID.test(id));
}

/** The network's state as it was, and each of its AWS resources still in the emulator. */
export async function networkUnchanged(before: DeployedState, after: DeployedState, clients: ClientSettings): Promise<string[]> {
  const problems: string[] = [];
  if (JSON.stringify(before.resources) !== JSON.stringify(after.resources) || before.serial !== after.serial)
    problems.push(`the network's state changed (serial ${before.serial} → ${after.serial})`);
  const present = new Set(Object.values(await readInventory(clients)).flat());
  const gone = awsIds(before).filter((id) => !present.has(id));
  if (gone.length) problems.push(`gone from the emulator: ${gone.join(", ")}`);
  return problems;
}
