import { EC2Client } from "@aws-sdk/client-ec2";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildConsoleNetwork } from "../src/adopt/console-network";
import { resourceNames } from "../src/config/names";
import { Emulator, EMULATOR_CREDENTIALS, startEmulator } from "../src/rehearsal/emulator";
import { copyProject } from "../src/rehearsal/workspace";
import { environment } from "./support/synth";

// npm run adopt in a copy of the project against moto_server: the lookup, the file, and terraform's
// plan with the import blocks (terraform 1.11 and the provider from TF_PROVIDER_MIRROR when set).
// In npm run test:rehearsal, which CI runs once moto is installed.
let emulator: Emulator;
let tmp: string;
let project: string;
let ec2: EC2Client;
beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-cli-"));
  emulator = await startEmulator({ ...process.env, AWS_ENDPOINT_URL: "" }, path.join(tmp, "moto.log"));
  ec2 = new EC2Client({ region: "ap-southeast-1", endpoint: emulator.url, credentials: EMULATOR_CREDENTIALS });
  project = copyProject(path.join(__dirname, ".."), path.join(tmp, "project"));
});
afterAll(async () => {
  ec2?.destroy();
  await emulator?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function adopt(stack: string, env: Record<string, string> = {}): Promise<{ code: number; output: string }> {
  return new Promise((resolve) =>
    execFile(
      "npm",
      ["run", "-s", "adopt", "--", stack],
      {
        cwd: project,
        env: {
          ...process.env,
          // npm keeps a compile cache in the temp folder: this one's, removed with it.
          TMPDIR: fs.mkdtempSync(path.join(tmp, "npm-")),
          AWS_ENDPOINT_URL: emulator.url,
          AWS_ACCESS_KEY_ID: EMULATOR_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: EMULATOR_CREDENTIALS.secretAccessKey,
          AWS_EC2_METADATA_DISABLED: "true",
          MLOPS_ECR_PULL_THROUGH_CACHE: "false",
          ...env,
        },
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    ),
  );
}

const adoptFile = (stack: string) => path.join(project, "adopt", `${stack}.json`);

describe("npm run adopt", () => {
  test("plans the import of the console network, prints each resource's fate, writes adopt/<stack>.json", async () => {
    const env = environment();
    const ids = await buildConsoleNetwork(ec2, env, { removeDefaultEgress: true });
    const names = resourceNames(env);
    const run = await adopt("network");
    expect(run).toEqual({ code: 0, output: expect.stringContaining("adopt/network.json written") });
    expect(run.output).toContain(`import, change in place aws_vpc.vpc (${ids[names.vpc]}): tags (adds environment, managed-by, project)`);
    expect(run.output).toContain(`import                  aws_route.public_internet_route (${ids[names.publicRouteTable]}_0.0.0.0/0)`);
    expect(run.output).toMatch(
      new RegExp(
        `import, change in place aws_vpc_endpoint.ecr_api_endpoint \\(${ids[names.interfaceEndpoint("ecr.api")]}\\): .*policy \\(the design's endpoint policy\\).*tags \\(adds environment, managed-by, project\\)`,
      ),
    );
    expect(run.output).toMatch(
      /import, change in place aws_vpc_security_group_egress_rule\.alb_out_http_to_eks_nodes \(sgr-\w+\): .*from_port null → 80; ip_protocol "-1" → "tcp"/,
    );
    expect(run.output).toContain("create                  aws_flow_log.");
    expect(run.output).toContain(
      `import, change in place aws_security_group.alb_sg (${ids[names.securityGroups.alb]}): tags (adds environment, managed-by, project)\n`,
    );
    expect(run.output).toMatch(
      /imports 34 resources \(\d+ of them changed in place, as listed\), creates \d+, replaces and destroys nothing/,
    );
    const file = JSON.parse(fs.readFileSync(adoptFile("network"), "utf8"));
    expect(file.vpcId).toBe(ids[names.vpc]);
    expect(file.resources).toHaveLength(34);
    // The plan ran in a temp folder: no state, no cdktf.out in the project.
    expect(fs.existsSync(path.join(project, "terraform.network.tfstate"))).toBe(false);
    expect(fs.existsSync(path.join(project, "cdktf.out"))).toBe(false);
  });

  test("refuses what the plan would replace, naming why, and leaves no file", async () => {
    const env = environment({ namePrefix: "typed" });
    await buildConsoleNetwork(ec2, env, { removeDefaultEgress: true, groupDescriptions: { alb: "my own words" } });
    const run = await adopt("network", { MLOPS_NAME_PREFIX: "typed" });
    expect(run.code).toBe(1);
    expect(run.output).toMatch(/Refused: that deploy would replace or destroy what the console built/);
    expect(run.output).toMatch(
      /aws_security_group\.alb_sg \(sg-\w+\) would be REPLACED \(description\): AWS cannot change a group's description/,
    );
    expect(fs.existsSync(adoptFile("network"))).toBe(true); // the first test's, restored as it was
    expect(JSON.parse(fs.readFileSync(adoptFile("network"), "utf8")).namePrefix).toBe("mlops");
  });

  test("a stack that is not a network stack is named with the ones there are", async () => {
    const run = await adopt("demo-alb");
    expect(run).toEqual({
      code: 1,
      output: expect.stringContaining('"demo-alb" is not a network stack of config/environments.json: adopt one of network, network-dev'),
    });
  });
});
