import {
  DescribeSecurityGroupRulesCommand,
  EC2Client,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
} from "@aws-sdk/client-ec2";
import * as fs from "fs";
import * as path from "path";
import { EnvironmentConfig } from "../config/types";
import { localStateFileName } from "../stacks/state-backend";
import { CommandRunner, errorLines } from "./commands";
import { EmulatorGap } from "./emulator-gaps";
import { ClientSettings } from "./inventory";
import { fail, pass, StageRunner, StageVerdict } from "./stages";
import { adoptionPath, AdoptionFile, adoptionText } from "../stacks/adoption";
import { buildConsoleNetwork } from "../adopt/console-network";

/** The two ways a reader leaves the console's groups: the walkthrough deletes the default allow-all egress; some keep it. */
export type ConsoleEgress = "egress-removed" | "egress-kept";
export const CONSOLE_EGRESS: readonly ConsoleEgress[] = ["egress-removed", "egress-kept"];

/**
 * moto keeps no description on a rule whose peer is a group, so every imported rule of that kind is
 * updated by the deploy; and its ModifySecurityGroupRules refuses a rule of protocol -1. Those
 * rules are taken out of the rehearsal's adoption (and out of the emulator): the deploy creates them.
 */
export const ALL_TRAFFIC_RULE_UPDATE: EmulatorGap = {
  behaviour:
    "moto's ModifySecurityGroupRules refuses a rule of protocol -1 (it requires ports), and an imported all-traffic rule between groups always gets its description from the deploy (moto keeps none on group peers): those console rules are revoked and created by the deploy instead of imported, and their ids are not checked",
  source: "moto/ec2/models/security_groups.py: modify_security_group_rules raises InvalidParameterValue without FromPort/ToPort",
};

export interface AdoptRehearsalOptions {
  readonly env: EnvironmentConfig;
  readonly stack: string;
  readonly workspace: string;
  readonly clients: ClientSettings;
  readonly runner: CommandRunner;
  readonly stages: StageRunner;
  readonly egress: ConsoleEgress;
}

/** Ids that stay the same in the state when a resource is imported (a route's or association's state id is another). */
const KEPT_ID = /^(vpc|subnet|sg|igw|rtb|vpce|sgr)-[0-9a-f]+$/;

/**
 * Before the lifecycle: the walkthrough's network built the console way, then `npm run adopt`.
 * Returns the check to run right after the network's deploy (console ids kept, nothing replaced),
 * or undefined when the adoption failed and nothing may be deployed.
 */
export async function rehearseAdoption(o: AdoptRehearsalOptions): Promise<((stackDir: string) => Promise<void>) | undefined> {
  const { env, stack, workspace, clients, runner, stages } = o;
  const ec2 = new EC2Client(clients);
  const names = {
    build: `console: the walkthrough's network, default egress ${o.egress === "egress-removed" ? "removed" : "kept"}`,
    adopt: `npm run adopt -- ${stack}`,
    kept: "adopted: the console's ids kept, nothing replaced",
    leftAlone: "the console's default egress: left by the deploy, removed by adopt's command",
  };
  let adoption: AdoptionFile | undefined;
  let skipped: string[] = [];
  await stages.stage(names.build, [], async () => {
    const ids = await buildConsoleNetwork(ec2, env, { removeDefaultEgress: o.egress === "egress-removed" });
    return pass(`${Object.keys(ids).length} named resources and their rules, by the SDK as the console makes them`);
  });
  await stages.stage(names.adopt, [names.build], async () => {
    const run = await runner.run("npm", ["run", "-s", "adopt", "--", stack], workspace);
    if (run.code !== 0) return fail(`exited ${run.code}:`, ...errorLines(run.output, 20));
    adoption = JSON.parse(fs.readFileSync(adoptionPath(workspace, stack), "utf8")) as AdoptionFile;
    const leftAlone = adoption.leftAlone.length;
    if ((o.egress === "egress-kept") !== leftAlone > 0)
      return fail(`${leftAlone} console rules left alone, with the default egress ${o.egress}`);
    skipped = await withoutAllTrafficRuleImports(ec2, workspace, adoption);
    const summary = /written: .*/.exec(run.output)?.[0] ?? "";
    return {
      ...pass(
        summary,
        ...(leftAlone ? [`${leftAlone} default allow-all egress rules left alone, and said so`] : []),
        ...(skipped.length
          ? [
              `skipped (emulator): ${skipped.length} all-traffic rules not imported: ${ALL_TRAFFIC_RULE_UPDATE.behaviour} (${ALL_TRAFFIC_RULE_UPDATE.source})`,
            ]
          : []),
      ),
      emulatorSkips: skipped.length,
    };
  });
  if (!stages.passed(names.adopt)) {
    ec2.destroy();
    return undefined;
  }
  return async () => {
    await stages.stage(names.kept, [], async () => {
      const state = JSON.parse(fs.readFileSync(path.join(workspace, localStateFileName(stack)), "utf8")) as {
        resources?: { type: string; name: string; instances: { attributes: { id?: string } }[] }[];
        outputs?: Record<string, { value: unknown }>;
      };
      const inState = new Map((state.resources ?? []).map((r) => [`${r.type}.${r.name}`, r.instances[0]?.attributes.id]));
      const expected = adoption!.resources.filter((r) => KEPT_ID.test(r.id));
      const problems = expected
        .filter((r) => inState.get(r.address) !== r.id)
        .map((r) => `${r.address}: ${inState.get(r.address) ?? "not in the state"}, the console's ${r.id}`);
      if (state.outputs?.vpc_id?.value !== adoption!.vpcId)
        problems.push(`output vpc_id is ${JSON.stringify(state.outputs?.vpc_id?.value)}, the console's ${adoption!.vpcId}`);
      return problems.length
        ? fail(...problems)
        : pass(
            `${expected.length} resources keep the console's ids (the outputs carry them: vpc_id ${adoption!.vpcId}); ${adoption!.resources.length - expected.length} routes and associations imported`,
          );
    });
    // Kept, the rules differ from the design (verify says so): the reader runs the command adopt printed for each.
    if (adoption!.leftAlone.length) await stages.stage(names.leftAlone, [], () => removeLeftAlone(ec2, adoption!.leftAlone));
    ec2.destroy();
  };
}

/** Each left-alone rule still there after the deploy, then revoked with the arguments of the command adopt printed. */
async function removeLeftAlone(ec2: EC2Client, leftAlone: readonly string[]): Promise<StageVerdict> {
  const commands = leftAlone.map((line) => /--group-id (sg-\w+) --security-group-rule-ids (sgr-\w+)/.exec(line));
  if (commands.some((m) => !m)) return fail("a left-alone rule without its revoke command:", ...leftAlone);
  const ruleIds = commands.map((m) => m![2]);
  const present = (await ec2.send(new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: ruleIds }))).SecurityGroupRules ?? [];
  const gone = ruleIds.filter((id) => !present.some((r) => r.SecurityGroupRuleId === id));
  if (gone.length) return fail(`the deploy removed rules adopt said it would leave: ${gone.join(", ")}`);
  for (const m of commands) await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: m![1], SecurityGroupRuleIds: [m![2]] }));
  return pass(`${ruleIds.length} rules were still there after the deploy, and are revoked with the command adopt printed`);
}

/** Takes the all-traffic rules between groups out of the adoption and out of the emulator (see ALL_TRAFFIC_RULE_UPDATE). */
async function withoutAllTrafficRuleImports(ec2: EC2Client, workspace: string, adoption: AdoptionFile): Promise<string[]> {
  const ruleIds = adoption.resources.filter((r) => r.id.startsWith("sgr-")).map((r) => r.id);
  if (ruleIds.length === 0) return [];
  const rules = (await ec2.send(new DescribeSecurityGroupRulesCommand({ SecurityGroupRuleIds: ruleIds }))).SecurityGroupRules ?? [];
  const refused = rules.filter((r) => r.IpProtocol === "-1" && r.ReferencedGroupInfo?.GroupId);
  for (const r of refused) {
    const input = { GroupId: r.GroupId!, SecurityGroupRuleIds: [r.SecurityGroupRuleId!] };
    await (r.IsEgress ? ec2.send(new RevokeSecurityGroupEgressCommand(input)) : ec2.send(new RevokeSecurityGroupIngressCommand(input)));
  }
  const gone = new Set(refused.map((r) => r.SecurityGroupRuleId));
  const kept = { ...adoption, resources: adoption.resources.filter((r) => !gone.has(r.id)) };
  fs.writeFileSync(adoptionPath(workspace, adoption.stack), adoptionText(kept));
  Object.assign(adoption, kept);
  return [...gone].map(String);
}
