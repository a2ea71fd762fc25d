import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CommandRunner, errorLines, refusesToDestroy, stripAnsi } from "../src/rehearsal/commands";
import { MOTO_INSTALL, RehearsalError, startEmulator } from "../src/rehearsal/emulator";
import { parseVerify, planGap, PlannedChange, verifyGap } from "../src/rehearsal/emulator-gaps";
import { leftBehind } from "../src/rehearsal/inventory";
import { checkOutputContract, SubnetFacts } from "../src/rehearsal/output-contract";
import { StageRunner, pass, StageResult } from "../src/rehearsal/stages";
import { stackJson } from "../src/app";
import { environment, networkStack } from "./support/synth";

/** The rehearsal's judgements on made-up answers: each check can fail, and says what failed. */
describe("the rehearsal's checks", () => {
  const env = environment();
  const declared = JSON.parse(stackJson(networkStack(env))).output as Record<string, { value: unknown }>;
  const subnets = new Map<string, SubnetFacts>(
    env.availabilityZones.flatMap((az, i) => [
      [`subnet-0pub${i}`, { id: `subnet-0pub${i}`, availabilityZone: az, mapPublicIpOnLaunch: true }],
      [`subnet-0prv${i}`, { id: `subnet-0prv${i}`, availabilityZone: az, mapPublicIpOnLaunch: false }],
    ]),
  );
  /** Outputs as a correct deploy of `env` would leave them in the state (null ones absent): one value per output of the contract. */
  function deployedOutputs(): Record<string, { value: unknown }> {
    const services = Object.keys(declared.interface_vpc_endpoint_ids.value as object);
    const endpointIds = Object.fromEntries(services.map((s, i) => [s, `vpce-0${i}`]));
    const values: Record<string, unknown> = {
      vpc_id: "vpc-01",
      vpc_cidr_block: env.vpcCidr,
      public_alb_subnet_ids: env.availabilityZones.map((_, i) => `subnet-0pub${i}`),
      private_workload_subnet_ids: env.availabilityZones.map((_, i) => `subnet-0prv${i}`),
      alb_security_group_id: "sg-01",
      eks_nodes_security_group_id: "sg-02",
      eks_control_plane_security_group_id: "sg-03",
      vpc_endpoints_security_group_id: "sg-04",
      s3_vpc_endpoint_id: "vpce-0s3",
      ecr_api_vpc_endpoint_id: endpointIds["ecr.api"],
      ecr_dkr_vpc_endpoint_id: endpointIds["ecr.dkr"],
      logs_vpc_endpoint_id: endpointIds.logs,
      interface_vpc_endpoint_ids: endpointIds,
      private_route_table_id: "rtb-01",
      availability_zones: env.availabilityZones,
      private_egress: env.egress,
      region: env.region,
      ecr_public_cache_prefix: `123456789012.dkr.ecr.${env.region}.amazonaws.com/ecr-public`,
    };
    return Object.fromEntries(Object.entries(values).map(([k, value]) => [k, { value }]));
  }

  /**
   * The problems a fault brings: those of `outputs` (against `stack`'s declared outputs) that the
   * correct deploy has not. Only the test of the correct deploy fails when it lacks an output the
   * contract gained (give it a value above); the faults' tests go on testing their faults.
   */
  const introduced = (outputs: Record<string, { value: unknown }>, stack: Record<string, { value?: unknown }> = declared) => {
    const correct = checkOutputContract(deployedOutputs(), declared, env, subnets);
    return checkOutputContract(outputs, stack, env, subnets).filter((problem) => !correct.includes(problem));
  };

  test("a correct deploy passes the output contract; the null output is absent by design", () => {
    expect(declared.sagemaker_runtime_vpc_endpoint_id.value).toBeNull();
    expect(checkOutputContract(deployedOutputs(), declared, env, subnets)).toEqual([]);
  });

  test("region and the ECR Public cache prefix must be this environment's", () => {
    const outputs = { ...deployedOutputs(), region: { value: "eu-west-1" }, ecr_public_cache_prefix: { value: "public.ecr.aws" } };
    expect(introduced(outputs)).toEqual([
      'region: expected "ap-southeast-1", got "eu-west-1"',
      'ecr_public_cache_prefix: expected <account>.dkr.ecr.ap-southeast-1.amazonaws.com/ecr-public, got "public.ecr.aws"',
    ]);
  });

  test("a renamed output fails the contract twice: the old name missing, the new one unknown", () => {
    const renamed = { ...declared, vpc_identifier: declared.vpc_id };
    delete (renamed as Record<string, unknown>).vpc_id;
    expect(introduced(deployedOutputs(), renamed)).toEqual([
      "vpc_identifier: declared, but not in the output contract",
      "vpc_id: in the contract, but the network stack does not declare it",
    ]);
  });

  test("ids of the wrong kind, subnets in the wrong zone or tier, a wrong endpoint map and a missing output each fail", () => {
    const outputs = deployedOutputs();
    outputs.alb_security_group_id = { value: "vpc-01" };
    outputs.private_workload_subnet_ids = { value: outputs.public_alb_subnet_ids.value };
    outputs.public_alb_subnet_ids = { value: [...(outputs.public_alb_subnet_ids.value as string[])].reverse() };
    outputs.interface_vpc_endpoint_ids = { value: { "ecr.api": "vpce-1" } };
    delete outputs.private_route_table_id;
    expect(introduced(outputs)).toEqual([
      expect.stringMatching(/^public_alb_subnet_ids: subnet-0pub1 is in ap-southeast-1b, not ap-southeast-1a/),
      expect.stringMatching(/^private_workload_subnet_ids: .* gives public IPs/),
      'alb_security_group_id: expected a sg- id, got "vpc-01"',
      expect.stringMatching(/^interface_vpc_endpoint_ids: expected the endpoints .*, got ecr\.api$/),
      "private_route_table_id: missing from terraform output",
    ]);
  });

  const ruleChange = (
    before: Record<string, unknown>,
    after: Record<string, unknown>,
    type = "aws_vpc_security_group_ingress_rule",
  ): PlannedChange => ({
    address: `${type}.x`,
    type,
    change: { actions: ["update"], before, after },
  });
  const referencing = { referenced_security_group_id: "sg-1", from_port: 443, to_port: 443, description: null };

  test("the plan after apply excuses only moto's missing descriptions on referencing rules", () => {
    expect(planGap(ruleChange(referencing, { ...referencing, description: "why" }))).toBeDefined();
    // Anything else that changes is real: a port, a CIDR rule's description, a replacement, another type.
    expect(planGap(ruleChange(referencing, { ...referencing, description: "why", to_port: 444 }))).toBeUndefined();
    expect(
      planGap(ruleChange({ cidr_ipv4: "0.0.0.0/0", description: null }, { cidr_ipv4: "0.0.0.0/0", description: "why" })),
    ).toBeUndefined();
    expect(
      planGap({
        ...ruleChange(referencing, { ...referencing, description: "why" }),
        change: { actions: ["delete", "create"], before: referencing, after: { ...referencing, description: "why" } },
      }),
    ).toBeUndefined();
    expect(planGap(ruleChange(referencing, { ...referencing, description: "why" }, "aws_security_group"))).toBeUndefined();
  });

  test("verify's report is read line by line; only moto's empty ALB scheme is excused", () => {
    const lines = parseVerify(
      [
        "PASS  VPC x is 10.0.0.0/16",
        "FAIL  demo ALB mlops-hybrid-api-demo-alb: active, internet-facing  (active, undefined)",
        "FAIL  demo ALB mlops-hybrid-api-demo-alb: active, internet-facing  (active, internal)",
        "SKIP  demo ALB y  (not deployed (cdktn deploy demo-alb to check it))",
        "",
        "1 passed, 2 failed",
      ].join("\n"),
    );
    expect(lines.map((l) => l.status)).toEqual(["PASS", "FAIL", "FAIL", "SKIP"]);
    expect(lines[3].detail).toBe("not deployed (cdktn deploy demo-alb to check it)");
    expect(lines.map((l) => verifyGap(l) !== undefined)).toEqual([false, true, false, false]);
  });

  test("what the emulator still holds after the teardown is named by kind and id", () => {
    const before = { VPCs: ["vpc-default"], "IAM roles": [] };
    expect(leftBehind(before, { VPCs: ["vpc-default"], "IAM roles": [] })).toEqual([]);
    expect(leftBehind(before, { VPCs: ["vpc-default", "vpc-1"], "IAM roles": ["flow-logs"], "EKS clusters": ["c"] })).toEqual([
      "VPCs: vpc-1",
      "IAM roles: flow-logs",
      "EKS clusters: c",
    ]);
  });

  test("a stage whose prerequisite failed is skipped, naming it; a throwing stage fails with its message", async () => {
    const seen: StageResult[] = [];
    const stages = new StageRunner((r) => seen.push(r));
    await stages.stage("deploy", [], async () => {
      throw new Error("boom");
    });
    await stages.stage("check", ["deploy"], async () => pass());
    expect(seen.map((r) => [r.name, r.status, r.details])).toEqual([
      ["deploy", "fail", ["boom"]],
      ["check", "skip", ["not run: deploy did not pass"]],
    ]);
  });

  test("commands' time: the union of side-by-side runs, and their sum", async () => {
    const runner = new CommandRunner(process.env);
    await Promise.all([runner.run("sleep", ["0.5"], "."), runner.run("sleep", ["0.5"], ".")]);
    const { union, sum } = runner.timeInCommands();
    expect(union).toBeGreaterThanOrEqual(0.5);
    expect(sum).toBeGreaterThanOrEqual(1);
    // Started in one tick, the two overlap by 0.5 s less the time the first spawn took, however
    // slowly the machine runs them: the overlap is counted once. (A bound on the union failed on a
    // loaded machine.)
    expect(sum - union).toBeGreaterThan(0.3);
    expect((await runner.run("no-such-command-here", [], ".")).code).toBe(127);
  });

  test("terraform's errors are picked out of cdktf's coloured output", () => {
    const output = stripAnsi(
      "network  \u001b[31m│\u001b[0m \u001b[1mError: \u001b[0mInstance cannot be destroyed\nnetwork  │ \nnetwork  │   on cdk.tf.json line 3\n",
    );
    expect(errorLines(output)[0]).toBe("Error: Instance cannot be destroyed");
  });
});

describe("the rehearsal's emulator", () => {
  const log = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "emulator-")), "moto.log");
  afterEach(() => {
    for (const dir of fs.readdirSync(os.tmpdir()).filter((d) => d.startsWith("emulator-")))
      fs.rmSync(path.join(os.tmpdir(), dir), { recursive: true, force: true });
  });

  test("without moto_server it names the install command", async () => {
    await expect(startEmulator({ PATH: "/nonexistent" }, log())).rejects.toThrow(
      new RehearsalError(`moto_server is not installed: ${MOTO_INSTALL} (or point AWS_ENDPOINT_URL at a running emulator)`),
    );
  });

  test("an AWS_ENDPOINT_URL that does not answer is said, with the way out", async () => {
    await expect(startEmulator({ AWS_ENDPOINT_URL: "http://127.0.0.1:9" }, log())).rejects.toThrow(
      /does not answer: start the emulator, or unset it/,
    );
  });
});

test("a refusal is read as cdktf prints it: coloured, in its stack column, wrapped, the construct path after the address", () => {
  // As `npx cdktn destroy network` printed it against moto.
  const printed = stripAnsi(
    [
      "network  \u001b[31m╷\u001b[0m\u001b[0m",
      "         \u001b[31m│\u001b[0m \u001b[0m\u001b[1m\u001b[31mError: \u001b[0m\u001b[0m\u001b[1mInstance cannot be destroyed\u001b[0m",
      "         \u001b[31m│\u001b[0m \u001b[0mResource aws_subnet.private_subnet_ap_southeast_1a (network/private_subnet_ap-southeast-1a) has",
      "         \u001b[31m│\u001b[0m \u001b[0mlifecycle.prevent_destroy set, but the plan calls for this resource to be",
      "         \u001b[31m│\u001b[0m \u001b[0mResource aws_vpc.vpc (network/vpc) has lifecycle.prevent_destroy set, but the",
    ].join("\n"),
  );
  expect(refusesToDestroy(printed, "aws_subnet.private_subnet_ap_southeast_1a")).toBe(true);
  expect(refusesToDestroy(printed, "aws_vpc.vpc")).toBe(true);
  expect(refusesToDestroy(printed, "aws_subnet.private_subnet_ap_southeast_1b")).toBe(false);
  expect(refusesToDestroy(printed, "aws_vpc.v")).toBe(false);
});
