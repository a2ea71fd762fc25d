import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { mockedApplyState, TerraformState } from "../src/terraform/mocked-apply";
import { riskyChanges } from "../src/terraform/plan-summary";
import { findStates, formatPreview, parsePreviewArgs, previewEnvironment, StackPreview } from "../src/tools/preview";
import { environment, synthDemoAlb, synthNetwork } from "./support/synth";
import { initializedWorkdir } from "./support/terraform";

const NAMES = { network: "network", demoAlb: "demo-alb" };
// Unprotected: these tests plan replacements, which protect (prevent_destroy) would refuse.
const UNPROTECTED = environment({ protect: false });
const stacksOf = (env = UNPROTECTED) => ({ names: NAMES, network: synthNetwork(env), demoAlb: synthDemoAlb(env) });
const planOf = (preview: StackPreview[], stack: string) => preview.find((p) => p.stack === stack)!.plan;

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

  test("the local state at the project root is used when it exists; --from-scratch ignores it; labels are never absolute", () => {
    fs.writeFileSync(path.join(project, "terraform.network-dev.tfstate"), "{}");
    const names = { network: "network-dev", demoAlb: "demo-alb-dev" };
    expect(findStates({ stateFiles: {}, fromScratch: false }, names, project, project)).toEqual({
      network: { label: "terraform.network-dev.tfstate", contents: "{}" },
    });
    expect(findStates({ stateFiles: {}, fromScratch: false }, names, project, os.homedir())).toEqual({
      network: { label: "terraform.network-dev.tfstate", contents: "{}" },
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
    const text = formatPreview(environment(), [{ stack: "network", plan }]);
    expect(text).toMatch(
      /^ {2}FROM-SCRATCH plan: no state used for network \(the local terraform\.network\.tfstate, or --state\), so it creates everything and cannot show replacements/m,
    );
    expect(text).not.toMatch(/^!!/m);
  });

  test("replacements and destroys come first, on !! lines, before any summary", () => {
    const risky = {
      ...plan,
      destroy: 2,
      priorResources: 3,
      replaced: [{ address: "aws_vpc.vpc", because: ["cidr_block"], order: "delete-then-create" as const }],
      destroyed: ["aws_vpc_endpoint.old"],
    };
    const text = formatPreview(environment(), [{ stack: "network", plan: risky, state: "terraform.network.tfstate" }]);
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

describe("npm run preview against a deployed network (state of a mocked apply; offline, no refresh)", () => {
  let state: TerraformState;

  beforeAll(() => {
    state = mockedApplyState(initializedWorkdir("applied-network", { files: { "cdk.tf.json": synthNetwork(UNPROTECTED) } }));
  });

  const networkState = (s: object = state) => ({ network: { label: "network.tfstate", contents: JSON.stringify(s) } });

  test("the mocked apply leaves every resource of the network and its outputs in the state", () => {
    expect(state.resources.reduce((n, r) => n + r.instances.length, 0)).toBe(45);
    expect(state.outputs.vpc_cidr_block).toEqual({ value: "10.0.0.0/16", type: "string" });
    expect(JSON.stringify(state)).not.toMatch(/known after apply/);
  });

  test("the unchanged configuration plans nothing, and the demo reads the deployed network's outputs", () => {
    const previews = previewEnvironment(stacksOf(), networkState());
    const network = planOf(previews, "network");
    expect({
      add: network.add,
      change: network.change,
      destroy: network.destroy,
      replaced: network.replaced,
      destroyed: network.destroyed,
      prior: network.priorResources,
    }).toEqual({
      add: {},
      change: 0,
      destroy: 0,
      replaced: [],
      destroyed: [],
      prior: 45,
    });
    const text = formatPreview(environment(), previews);
    expect(text).not.toMatch(/^!!/m);
    expect(text).toMatch(/^ {2}against the state in network\.tfstate \(45 resources\)/m);
    expect(text).toMatch(/^ {2}FROM-SCRATCH plan: no state used for demo-alb/m);
    expect(text).toMatch(/The demo-alb plan read the network outputs from network\.tfstate\./);
  });

  test("the demo plan really reads the given network state: an output missing from it fails the plan", () => {
    const { public_alb_subnet_ids: _, ...outputs } = state.outputs;
    expect(() => previewEnvironment(stacksOf(), networkState({ ...state, outputs }))).toThrow(/public_alb_subnet_ids/);
  });

  test("a new VPC CIDR replaces the VPC, its subnets and everything in them, printed first and loudly", () => {
    const moved = environment({ protect: false, vpcCidr: "10.2.0.0/16" });
    const previews = previewEnvironment(stacksOf(moved), networkState());
    const { replaced, destroyed } = planOf(previews, "network");
    const reasons = Object.fromEntries(replaced!.map((r) => [r.address, r.because]));
    expect(reasons["aws_vpc.vpc"]).toEqual(["cidr_block"]);
    const subnets = Object.keys(reasons).filter((a) => a.startsWith("aws_subnet."));
    expect(subnets).toHaveLength(4);
    for (const subnet of subnets) expect(reasons[subnet]).toEqual(expect.arrayContaining(["cidr_block", "vpc_id"]));
    expect(Object.keys(reasons)).toEqual(
      expect.arrayContaining(["aws_security_group.alb_sg", "aws_route_table.private_route_table", "aws_flow_log.flow_log"]),
    );
    expect(replaced).toHaveLength(41);
    expect(destroyed).toEqual([]);
    const text = formatPreview(environment(), previews);
    expect(text.split("\n")[2]).toBe("!! network: 41 resources will be REPLACED (destroyed and created again, with new ids):");
    expect(text).toMatch(/^!! {3}aws_vpc\.vpc {2}\(cidr_block\)$/m);
    expect(text.indexOf("!!")).toBeLessThan(text.indexOf("Stack network:"));
  });

  test("a resource in the state that the configuration no longer has is printed as DESTROYED", () => {
    const endpoint = state.resources.find((r) => r.type === "aws_vpc_endpoint")!;
    const withRetired = { ...state, resources: [...state.resources, { ...endpoint, name: "retired_endpoint" }] };
    const previews = previewEnvironment(stacksOf(), networkState(withRetired));
    expect(planOf(previews, "network")).toMatchObject({ replaced: [], destroyed: ["aws_vpc_endpoint.retired_endpoint"], destroy: 1 });
    expect(formatPreview(environment(), previews)).toMatch(
      /^!! network: 1 resource will be DESTROYED:\n!! {3}aws_vpc_endpoint\.retired_endpoint$/m,
    );
  });
});
