// `npm run test:e2e`: the preview command end to end, against the state of a mocked apply of the
// network. Minutes of terraform on a busy machine, so apart from `npm test`, whose preview tests
// (preview.test.ts) cover the same code on plans they build themselves; CI runs both.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ChildProcess, spawn } from "child_process";
import { loadProjectConfig } from "../src/config/load";
import { EnvironmentConfig } from "../src/config/types";
import { mockedApplyState, TerraformState } from "../src/offline/mocked-apply";
import { protectedAddresses } from "../src/offline/protection";
import { formatPreview, previewEnvironment, StackPreview } from "../src/tools/preview";
import { resourceCounts, resourceTotal, synthDemoAlb, synthNetwork } from "./support/synth";
import { initializedWorkdir } from "./support/terraform";

const NAMES = { network: "network", demoAlb: "demo-alb" };
const ROOT = path.resolve(__dirname, "..");
/** The checked-in default environment (config/environments.json), with `settings` laid over it. */
function prodAs(settings: Record<string, unknown>): EnvironmentConfig {
  const file = JSON.parse(fs.readFileSync(path.join(ROOT, "config", "environments.json"), "utf8"));
  const name: string = file.defaultEnvironment;
  const environments = { ...file.environments, [name]: { ...file.environments[name], ...settings } };
  return loadProjectConfig({ file: { ...file, environments } }).environments.find((e) => e.name === name)!;
}
const stacksOf = (env: EnvironmentConfig) => ({ names: NAMES, network: synthNetwork(env), demoAlb: synthDemoAlb(env) });

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
