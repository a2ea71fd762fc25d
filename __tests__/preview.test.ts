// The preview's parts, on plans and states these tests build: the command end to end, against a
// mocked apply's state, is preview-deployed.e2e.ts (npm run test:e2e).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { placeholderState } from "../src/offline/placeholder-state";
import { riskyChanges } from "../src/offline/plan-summary";
import { findStates, formatPreview, isEmptyState, parsePreviewArgs, previewTargets } from "../src/tools/preview";
import { environment, synthDemoAlb, synthNetwork } from "./support/synth";

const NAMES = { network: "network", demoAlb: "demo-alb" };
const stacksOf = (env = environment()) => ({ names: NAMES, network: synthNetwork(env), demoAlb: synthDemoAlb(env) });

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
