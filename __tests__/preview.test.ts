import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ChildProcess, spawn } from "child_process";
import { loadProjectConfig } from "../src/config/load";
import { EnvironmentConfig } from "../src/config/types";
import { mockedApplyState, TerraformState } from "../src/offline/mocked-apply";
import { placeholderState } from "../src/offline/placeholder-state";
import { riskyChanges } from "../src/offline/plan-summary";
import { protectedAddresses } from "../src/offline/protection";
import {
  findStates,
  formatPreview,
  isEmptyState,
  parsePreviewArgs,
  previewEnvironment,
  previewTargets,
  StackPreview,
} from "../src/tools/preview";
import { environment, resourceCounts, resourceTotal, synthDemoAlb, synthNetwork } from "./support/synth";
import { initializedWorkdir } from "./support/terraform";

const NAMES = { network: "network", demoAlb: "demo-alb" };
// Unprotected: these tests plan replacements, which protect (prevent_destroy) would refuse.
const UNPROTECTED = environment({ protect: false });
/** The checked-in default environment (config/environments.json), with `settings` laid over it. */
function prodAs(settings: Record<string, unknown>): EnvironmentConfig {
  const file = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "config", "environments.json"), "utf8"));
  const name: string = file.defaultEnvironment;
  const environments = { ...file.environments, [name]: { ...file.environments[name], ...settings } };
  return loadProjectConfig({ file: { ...file, environments } }).environments.find((e) => e.name === name)!;
}
const stacksOf = (env = UNPROTECTED) => ({ names: NAMES, network: synthNetwork(env), demoAlb: synthDemoAlb(env) });
const ROOT = path.resolve(__dirname, "..");

describe("replacements and destroys read from terraform's JSON plan", () => {
  const change = (address: string, actions: string[], replace_paths?: (string | number)[][], mode = "managed") => ({
    address,
    mode,
    change: { actions, replace_paths },
  });

  test("delete+create in either order is a replacement with its reasons; a lone delete a destroy; updates neither", () => {
    const risky = riskyChanges([
      change("aws_vpc.vpc", ["delete", "create"], [["cidr_block"]]),
      change("aws_security_group.sg", ["create", "delete"], [["ingress", 0, "cidr_blocks"], ["vpc_id"]]),
      change("aws_vpc_endpoint.old", ["delete"]),
      change("aws_subnet.a", ["update"]),
      change("aws_route.r", ["no-op"]),
      change("data.aws_region.here", ["delete"], undefined, "data"),
    ]);
    expect(risky).toEqual({
      replaced: [
        { address: "aws_vpc.vpc", because: ["cidr_block"], order: "delete-then-create" },
        { address: "aws_security_group.sg", because: ["ingress[0].cidr_blocks", "vpc_id"], order: "create-then-delete" },
      ],
      destroyed: ["aws_vpc_endpoint.old"],
    });
  });
});

describe("npm run preview arguments and state files", () => {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), "preview-project-"));
  afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

  test("--state STACK=FILE for either stack, --from-scratch, and nothing else", () => {
    expect(parsePreviewArgs(["--state", "network=a.tfstate", "--state=demo-alb=b.tfstate"])).toEqual({
      stateFiles: { network: "a.tfstate", "demo-alb": "b.tfstate" },
      fromScratch: false,
    });
    expect(parsePreviewArgs(["--from-scratch"])).toEqual({ stateFiles: {}, fromScratch: true });
    expect(() => parsePreviewArgs(["--state", "vpc=a.tfstate"])).toThrow(/STACK one of network, demo-alb/);
    expect(() => parsePreviewArgs(["--state"])).toThrow(/expected STACK=FILE/);
    expect(() => parsePreviewArgs(["--from-scratch", "--state", "network=a"])).toThrow(/exclude each other/);
    expect(() => parsePreviewArgs(["--destroy"])).toThrow(/unknown argument "--destroy"\nusage:/);
  });

  test("stacks named plan alone, in the usual order; the demo's state needs the demo", () => {
    expect(parsePreviewArgs(["network"])).toEqual({ stateFiles: {}, fromScratch: false, stacks: ["network"] });
    expect(parsePreviewArgs(["demo-alb", "--state", "network=a", "network"])).toEqual({
      stateFiles: { network: "a" },
      fromScratch: false,
      stacks: ["network", "demo-alb"],
    });
    expect(parsePreviewArgs(["demo-alb", "--state", "network=a"]).stacks).toEqual(["demo-alb"]);
    expect(() => parsePreviewArgs(["network", "--state", "demo-alb=b"])).toThrow(
      /--state demo-alb=b is used only by the demo-alb plan: name demo-alb too, or drop it\nusage:/,
    );
    expect(() => parsePreviewArgs(["vpc"])).toThrow(/unknown argument "vpc"/);
  });

  test("the local state at the project root is used when it exists; --from-scratch ignores it; labels are never absolute", () => {
    // The smallest state Terraform writes: format 4, no resources.
    const state = '{"version": 4, "serial": 1, "lineage": "l", "outputs": {}, "resources": []}';
    fs.writeFileSync(path.join(project, "terraform.network-dev.tfstate"), state);
    const names = { network: "network-dev", demoAlb: "demo-alb-dev" };
    expect(findStates({ stateFiles: {}, fromScratch: false }, names, project, project)).toEqual({
      network: { label: "terraform.network-dev.tfstate", contents: state },
    });
    expect(findStates({ stateFiles: {}, fromScratch: false }, names, project, os.homedir())).toEqual({
      network: { label: "terraform.network-dev.tfstate", contents: state },
    });
    expect(findStates({ stateFiles: {}, fromScratch: true }, names, project, project)).toEqual({});
    expect(findStates({ stateFiles: {}, fromScratch: false }, NAMES, project, project)).toEqual({});
  });

  test("a --state file that does not exist is an error, not a from-scratch plan", () => {
    expect(() => findStates({ stateFiles: { "demo-alb": "missing.tfstate" }, fromScratch: false }, NAMES, project, project)).toThrow(
      /--state demo-alb=missing\.tfstate: no such file/,
    );
  });
});

describe("npm run preview output", () => {
  const plan = { add: { aws_vpc: 1 }, addByModule: {}, change: 0, destroy: 0, outputs: {}, outputValues: {} };

  test("without a state it says the plan is from scratch and can show no replacement", () => {
    const text = formatPreview(environment(), [{ role: "network", stack: "network", plan }]);
    expect(text).toMatch(
      /^ {2}FROM-SCRATCH plan: no state used for network \(the local terraform\.network\.tfstate, or --state\), so it creates everything and cannot show replacements/m,
    );
    expect(text).not.toMatch(/^!!/m);
  });

  test("where the demo's network outputs came from is said only when the demo was planned", () => {
    const demo = { role: "demo-alb" as const, stack: "demo-alb", plan };
    const networkAlone = formatPreview(environment(), [{ role: "network", stack: "network", plan }]);
    expect(networkAlone).not.toMatch(/network outputs/);
    expect(networkAlone.split("\n").slice(-1)).toEqual(["  outputs:"]); // no blank line after the last stack
    expect(formatPreview(environment(), [demo])).toMatch(/^The demo-alb plan read placeholder network outputs/m);
    expect(formatPreview(environment(), [{ ...demo, networkOutputsFrom: "network.tfstate" }])).toMatch(
      /^The demo-alb plan read the network outputs from network\.tfstate\.$/m,
    );
  });

  test("replacements and destroys come first, on !! lines, before any summary", () => {
    const risky = {
      ...plan,
      destroy: 2,
      priorResources: 3,
      replaced: [{ address: "aws_vpc.vpc", because: ["cidr_block"], order: "delete-then-create" as const }],
      destroyed: ["aws_vpc_endpoint.old"],
    };
    const text = formatPreview(environment(), [{ role: "network", stack: "network", plan: risky, state: "terraform.network.tfstate" }]);
    const lines = text.split("\n");
    expect(lines.slice(2, 6)).toEqual([
      "!! network: 1 resource will be REPLACED (destroyed and created again, with new ids):",
      "!!   aws_vpc.vpc  (cidr_block)",
      "!! network: 1 resource will be DESTROYED:",
      "!!   aws_vpc_endpoint.old",
    ]);
    expect(text).toMatch(
      /^Stack network: 1 to add, 0 to change, 2 to destroy \(1 of them replacements\)\n {2}against the state in terraform\.network\.tfstate \(3 resources\), not refreshed/m,
    );
  });
});

describe("the demo plans against the network state it is given", () => {
  const stacks = stacksOf();
  const demoTarget = (states: Parameters<typeof previewTargets>[1]) => previewTargets(stacks, states).find((t) => t.stack === "demo-alb")!;

  test("a network state's outputs are what the demo's remote state reads, and the output says where they came from", () => {
    const deployed = { version: 4, outputs: { vpc_id: { value: "vpc-0123456789abcdef0", type: "string" } } };
    const target = demoTarget({ network: { label: "network.tfstate", contents: JSON.stringify(deployed) } });
    expect(target).toMatchObject({ remoteStates: { network: deployed }, networkOutputsFrom: "network.tfstate" });
  });

  test("named alone, the demo still reads the network's state", () => {
    const state = {
      label: "network.tfstate",
      contents: JSON.stringify({ version: 4, outputs: { vpc_id: { value: "vpc-1", type: "string" } } }),
    };
    expect(previewTargets(stacks, { network: state }, ["demo-alb"])).toEqual([
      expect.objectContaining({ role: "demo-alb", state: undefined, networkOutputsFrom: "network.tfstate" }),
    ]);
  });

  test("an emptied state (what cdktn destroy leaves) is no state: placeholders, and the plan says it is from scratch", () => {
    const emptied = { label: "network.tfstate", contents: JSON.stringify({ version: 4, serial: 9, outputs: {}, resources: [] }) };
    expect(isEmptyState(emptied)).toBe(true);
    expect(demoTarget({ network: emptied }).remoteStates.network).toEqual(placeholderState(stacks.network));
    const text = formatPreview(environment(), [
      {
        role: "network",
        stack: "network",
        plan: { add: {}, addByModule: {}, change: 0, destroy: 0, outputs: {}, outputValues: {} },
        emptyState: true,
      },
    ]);
    expect(text).toMatch(/^ {2}FROM-SCRATCH plan: the state of network is empty \(everything was destroyed\)/m);
  });

  test("without one it reads placeholders of every output the network synthesizes", () => {
    const target = demoTarget({});
    expect(target.networkOutputsFrom).toBeUndefined();
    expect(target.remoteStates.network).toEqual(placeholderState(stacks.network));
  });
});

/**
 * Two previews at once against the state of a mocked apply of the network (offline, no refresh):
 * the real command (both stacks, side by side) and the same function in this process (the network
 * alone), sharing one temporary folder, each in a folder of its own.
 */
describe("npm run preview against a deployed network: two at once", () => {
  // `npm run preview` builds the checked-in default environment, so the deployed state is a mocked
  // apply of that one (protection off, which changes no resource), whatever it sets.
  const DEPLOYED = prodAs({ protect: false });
  const files = fs.mkdtempSync(path.join(os.tmpdir(), "preview-states-"));
  let state: TerraformState;
  let moved: string;
  let retired: Run;

  beforeAll(async () => {
    const workdir = await initializedWorkdir("applied-network", { files: { "cdk.tf.json": synthNetwork(DEPLOYED) } });
    state = await mockedApplyState(workdir);
    const endpoint = state.resources.find((r) => r.type === "aws_vpc_endpoint")!;
    const withRetired = { ...state, resources: [...state.resources, { ...endpoint, name: "retired_endpoint" }] };
    fs.writeFileSync(path.join(files, "retired.tfstate"), JSON.stringify(withRetired));
    // With protection on (the default) terraform refuses the replacements: the preview lists them anyway.
    const movedEnv = prodAs({ vpcCidr: "10.2.0.0/16" });
    const networkState = { network: { label: "network.tfstate", contents: JSON.stringify(state) } };
    // Both in this run's temporary folder: a preview that used a fixed folder in it would collide.
    let previews: StackPreview[];
    [previews, retired] = await Promise.all([
      // The network alone: the moved CIDR is the network's change (the command below plans both).
      previewEnvironment(stacksOf(movedEnv), networkState, ["network"]),
      preview(os.tmpdir(), ["--state", `network=${path.join(files, "retired.tfstate")}`]),
    ]);
    moved = formatPreview(movedEnv, previews);
  });

  afterAll(() => {
    fs.rmSync(files, { recursive: true, force: true });
  });

  test("the mocked apply leaves every resource of the network and its outputs in the state", () => {
    expect(state.resources.reduce((n, r) => n + r.instances.length, 0)).toBe(resourceTotal(synthNetwork(DEPLOYED)));
    expect(state.outputs.vpc_cidr_block).toEqual({ value: "10.0.0.0/16", type: "string" });
    expect(state.outputs.sagemaker_runtime_vpc_endpoint_id).toBeUndefined();
  });

  test("both succeed and leave no work folder behind (the run's temporary folder is checked empty after all tests)", () => {
    expect({ status: retired.status, stderr: retired.stderr }).toEqual({ status: 0, stderr: "" });
    expect(fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith("mlops-preview-"))).toEqual([]);
  });

  test("a resource in the state that the configuration no longer has is printed as DESTROYED; the rest plans nothing", () => {
    const lines = retired.stdout.split("\n");
    expect(lines.slice(2, 4)).toEqual(["!! network: 1 resource will be DESTROYED:", "!!   aws_vpc_endpoint.retired_endpoint"]);
    expect(retired.stdout).not.toMatch(/REPLACED/);
    expect(retired.stdout).toMatch(
      new RegExp(
        `^Stack network: 0 to add, 0 to change, 1 to destroy\\n {2}against the state in \\S*retired\\.tfstate \\(${resourceTotal(synthNetwork(DEPLOYED)) + 1} resources\\)`,
        "m",
      ),
    );
  });

  test("the demo plan reads the deployed network's outputs from that state", () => {
    expect(retired.stdout).toMatch(/^ {2}FROM-SCRATCH plan: no state used for demo-alb/m);
    expect(retired.stdout).toMatch(/^The demo-alb plan read the network outputs from \S*retired\.tfstate\.$/m);
  });

  test("a protected replacement: the deploy would stop at prevent_destroy, said first, naming each protected resource", () => {
    const lines = moved.split("\n");
    // Every protected resource lives in the VPC but the flow-log group, which a new CIDR leaves alone.
    const protectedCount = [...protectedAddresses(synthNetwork(prodAs({ vpcCidr: "10.2.0.0/16" })))].filter(
      (a) => a !== "aws_cloudwatch_log_group.flow_log_group",
    ).length;
    expect(lines[2]).toBe(
      `!! network: A DEPLOY WOULD STOP at prevent_destroy: terraform refuses to replace or destroy ${protectedCount} protected resources:`,
    );
    const named = lines.slice(3, 3 + protectedCount).map((l) => l.replace(/^!! {3}/, ""));
    expect(named).toEqual(expect.arrayContaining(["aws_vpc.vpc", "aws_security_group.alb_sg"]));
    expect(named.filter((a) => a.startsWith("aws_subnet."))).toHaveLength(
      resourceCounts(synthNetwork(prodAs({ vpcCidr: "10.2.0.0/16" }))).aws_subnet,
    );
    expect(lines[3 + protectedCount]).toMatch(/^!! {3}The plan below is the one with protection lifted/);
    expect(moved).toMatch(/MLOPS_PROTECT=false/);
    expect(moved).not.toMatch(/\n\s+at /); // no stack trace
  });

  test("a new VPC CIDR replaces the VPC, its subnets and everything in them, printed first and loudly", () => {
    // The replacements' own list, after the refusal's.
    const all = moved.split("\n");
    const lines = all.slice(all.findIndex((l) => /REPLACED/.test(l)));
    const replaced = lines.slice(
      1,
      lines.findIndex((l, i) => i > 0 && !l.startsWith("!!   ")),
    );
    expect(lines[0]).toBe(`!! network: ${replaced.length} resources will be REPLACED (destroyed and created again, with new ids):`);
    const reasons = Object.fromEntries(
      lines
        .filter((l) => l.startsWith("!!   "))
        .map((l) => /^!! {3}(\S+)(?: {2}\((.*)\))?/.exec(l)!)
        .map((m) => [m[1], m[2]?.split(", ") ?? []]),
    );
    expect(reasons["aws_vpc.vpc"]).toEqual(["cidr_block"]);
    // Everything created in the VPC (vpc_id forces a new resource) goes with it.
    const counts = resourceCounts(synthNetwork(DEPLOYED));
    const ofType = (type: string) => Object.keys(reasons).filter((a) => a.startsWith(`${type}.`));
    for (const type of ["aws_subnet", "aws_security_group", "aws_route_table", "aws_vpc_endpoint"])
      expect(ofType(type)).toHaveLength(counts[type]);
    const subnets = ofType("aws_subnet");
    for (const subnet of subnets) expect(reasons[subnet]).toEqual(expect.arrayContaining(["cidr_block", "vpc_id"]));
    expect(Object.keys(reasons)).toEqual(
      expect.arrayContaining(["aws_security_group.alb_sg", "aws_route_table.private_route_table", "aws_flow_log.flow_log"]),
    );
    expect(moved).not.toMatch(/DESTROYED/);
    expect(moved).not.toMatch(/demo-alb/);
    expect(moved.indexOf("!!")).toBeLessThan(moved.indexOf("Stack network:"));
  });
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Children still running when the test ends (it timed out): killed, or they would keep the Jest worker alive. */
const running = new Set<ChildProcess>();
afterAll(() => running.forEach((child) => child.kill("SIGKILL")));

/** `npm run preview -- ...args` as a child process, with `tmp` as its temp folder. */
function preview(tmp: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["scripts/tool.js", "preview", ...args], {
      cwd: ROOT,
      env: { ...process.env, TMPDIR: tmp, ...env },
    });
    running.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => {
      running.delete(child);
      resolve({ status, stdout, stderr });
    });
  });
}
