import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { copyProject } from "../src/rehearsal/workspace";

/**
 * The rehearsal fails, naming the stage, for each kind of mistake it exists to catch. Each case
 * rehearses a copy of the project with one source edit, against a moto_server of its own (about
 * two to six minutes each): `npm run test:rehearsal`, run by CI after the rehearsals themselves.
 */
const ROOT = path.resolve(__dirname, "..");

interface Mutation {
  /** File to edit, relative to the project. */
  readonly file: string;
  readonly from: string;
  readonly to: string;
  /** The stage that must be the first to fail. */
  readonly stage: RegExp;
  /** What its failure must say. */
  readonly says: RegExp;
}

const MUTATIONS: Record<string, Mutation> = {
  "an output renamed": {
    file: "src/stacks/network-stack.ts",
    from: "new TerraformOutput(this, name, {",
    to: 'new TerraformOutput(this, name === "vpc_cidr_block" ? "vpc_cidr" : name, {',
    stage: /^output contract$/,
    says: /vpc_cidr_block: in the contract, but the network stack does not declare it/,
  },
  "the demo reading an output the network does not have": {
    file: "src/stacks/demo-alb-stack.ts",
    from: 'network.getString("alb_security_group_id")',
    to: 'network.getString("alb_sg_id")',
    stage: /^deploy demo-alb/,
    says: /alb_sg_id/,
  },
  "protection removed from the VPC": {
    file: "src/network/vpc.ts",
    from: 'const vpc = new Vpc(this, "vpc", {\n      lifecycle,',
    to: 'const vpc = new Vpc(this, "vpc", {\n      lifecycle: { preventDestroy: false },',
    stage: /^protected network: destroy refused$/,
    says: /aws_vpc\.\w+ is not protected/,
  },
  "a resource that survives the teardown": {
    file: "src/network/flow-logs.ts",
    from: "retentionInDays: props.retentionDays,",
    to: "retentionInDays: props.retentionDays, skipDestroy: true,",
    stage: /^teardown/,
    says: /still in the emulator: log groups: \/aws\/vpc-flow-logs\//,
  },
};

function rehearse(cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["scripts/tool.js", "rehearse", "--fail-fast"], { cwd, env: process.env });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

describe.each(Object.entries(MUTATIONS))("the rehearsal catches %s", (_, m) => {
  test(`the first stage to fail is ${m.stage.source}, saying so`, async () => {
    const copy = copyProject(ROOT, fs.mkdtempSync(path.join(os.tmpdir(), "rehearsal-mutation-")));
    try {
      const file = path.join(copy, m.file);
      const source = fs.readFileSync(file, "utf8");
      expect(source).toContain(m.from); // the edit still applies to the code as it is
      fs.writeFileSync(file, source.replace(m.from, m.to));
      const { code, output } = await rehearse(copy);
      const failed = output.split("\n").filter((l) => l.startsWith("  ✗ "));
      expect({ code, firstFailed: failed[0]?.slice(4).replace(/\s+[\d.]+ s$/, "") }).toEqual({
        code: 1,
        firstFailed: expect.stringMatching(m.stage),
      });
      expect(output).toMatch(m.says);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  }, 900_000);
});
