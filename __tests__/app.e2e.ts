import { spawnSync } from "child_process";
import { App } from "cdktn";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadProjectConfigFile } from "../src/config/load";
import { environmentStacks } from "../src/app";
import { NetworkStack } from "../src/stacks/network-stack";

const ROOT = path.resolve(__dirname, "..");

const temporary: string[] = [];
const tempDir = (prefix: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temporary.push(dir);
  return dir;
};
afterAll(() => temporary.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** cdktf.json's app command: what `cdktn synth` runs. */
const APP = JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")).app as string;

/** Runs the app as `cdktn synth` does, from `projectDir`, into a fresh output folder. */
function synthApp(projectDir: string, env: Record<string, string> = {}) {
  const outdir = tempDir("mlops-synth-");
  const result = spawnSync("sh", ["-c", APP], {
    cwd: projectDir,
    env: { ...process.env, CDKTF_OUTDIR: outdir, ...env },
    encoding: "utf8",
  });
  return { outdir, ...result };
}

function filesUnder(dir: string): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = path.join(entry.parentPath, entry.name);
      files[path.relative(dir, full)] = fs.readFileSync(full);
    }
  }
  return files;
}

/** The project's sources at another path (as on another machine), sharing node_modules. */
function copyOfProject(): string {
  const copy = tempDir("other-machine-");
  for (const item of ["main.ts", "src", "config", "scripts", "package.json", "package-lock.json", "tsconfig.json", "cdktf.json"]) {
    // With their times: a bundle built from files saved within the last seconds is not cached.
    fs.cpSync(path.join(ROOT, item), path.join(copy, item), { recursive: true, preserveTimestamps: true });
  }
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"));
  return copy;
}

describe("the app as cdktf runs it", () => {
  const first = synthApp(ROOT);
  const otherMachine = copyOfProject();
  const elsewhere = synthApp(otherMachine, { HOME: os.tmpdir(), USER: "someone-else" });

  test("synthesizes every stack of every environment", () => {
    expect(first.status).toBe(0);
    const stacks = fs.readdirSync(path.join(first.outdir, "stacks")).sort();
    expect(stacks).toEqual(["demo-alb", "demo-alb-dev", "network", "network-dev"]);
    expect(fs.existsSync(path.join(first.outdir, "stacks", "network", "cdk.tf.json"))).toBe(true);
  });

  test("two synths, from different folders and users, are byte-identical", () => {
    expect(elsewhere.status).toBe(0);
    const a = filesUnder(first.outdir);
    const b = filesUnder(elsewhere.outdir);
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    for (const name of Object.keys(a)) expect({ name, same: a[name].equals(b[name]) }).toEqual({ name, same: true });
  });

  test("nothing in the output depends on the machine or the clock", () => {
    const text = Object.values(filesUnder(first.outdir))
      .map((b) => b.toString("utf8"))
      .join("\n");
    for (const machineSpecific of [ROOT, os.tmpdir(), os.homedir(), os.hostname(), first.outdir]) {
      expect(text).not.toContain(machineSpecific);
    }
    expect(text).not.toMatch(/"\/(work|home|root|tmp|Users)\//);
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
  });

  test("the network stack is the same whether or not its app holds a demo-alb stack", () => {
    const network = fs.readFileSync(path.join(first.outdir, "stacks", "network", "cdk.tf.json"), "utf8");
    const aloneDir = tempDir("network-alone-");
    const app = new App({ stackTraces: false, outdir: aloneDir });
    new NetworkStack(app, "network", loadProjectConfigFile(path.join(ROOT, "config", "environments.json"), {}).environments[0]);
    app.synth();
    expect(fs.readFileSync(path.join(aloneDir, "stacks", "network", "cdk.tf.json"), "utf8")).toBe(network);
  });

  test("an edited source is synthesized at once: the cached build is never stale", () => {
    const outputs = path.join(otherMachine, "src", "stacks", "network-outputs.ts");
    fs.writeFileSync(outputs, fs.readFileSync(outputs, "utf8").replace('description: "Hybrid VPC ID"', 'description: "Edited VPC ID"'));
    const edited = synthApp(otherMachine);
    expect(edited.status).toBe(0);
    const network = JSON.parse(fs.readFileSync(path.join(edited.outdir, "stacks", "network", "cdk.tf.json"), "utf8"));
    expect(network.output.vpc_id.description).toBe("Edited VPC ID");
  });

  /** `node scripts/tool.js ...args` in `cwd`, without a provider mirror (terraform-rc then says to set one). */
  const tool = (cwd: string, ...args: string[]) => {
    const { TF_PROVIDER_MIRROR: _, ...env } = process.env;
    return spawnSync(process.execPath, ["scripts/tool.js", ...args], { cwd, env, encoding: "utf8" });
  };

  test("npm run tools run from a cached bundle too: with their own arguments, never stale, and only tools", () => {
    expect(tool(ROOT, "preview", "--destroy")).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(/^unknown argument "--destroy"\nusage: npm run preview/),
    });
    // The smallest tool, edited in the copy after a first run.
    expect(tool(otherMachine, "terraform-rc")).toMatchObject({ status: 1, stderr: expect.stringMatching(/^Set TF_PROVIDER_MIRROR to/) });
    const source = path.join(otherMachine, "scripts", "terraform-rc.ts");
    fs.writeFileSync(source, fs.readFileSync(source, "utf8").replace("`Set ${MIRROR_VARIABLE} to", "`Edited: set ${MIRROR_VARIABLE} to"));
    expect(tool(otherMachine, "terraform-rc").stderr).toMatch(/^Edited: set TF_PROVIDER_MIRROR to/);
    for (const notATool of ["../main", "run-tool", "selected-environment"]) {
      expect(tool(ROOT, notATool)).toMatchObject({
        status: 1,
        stderr: expect.stringMatching(/^usage: node scripts\/tool\.js TOOL \[args\.\.\.\], TOOL one of cost, /),
      });
    }
    const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts as Record<string, string>;
    for (const [name, command] of Object.entries(scripts).filter(([, c]) => c.includes("scripts/tool.js"))) {
      expect({ name, command }).toEqual({ name, command: `node scripts/tool.js ${name}` });
    }
  });

  test("a bundle built from a source saved in the last seconds runs, but is not cached: it may predate the save", () => {
    const copy = copyOfProject();
    const source = path.join(copy, "scripts", "terraform-rc.ts");
    const cached = path.join(copy, ".build", "scripts--terraform-rc.inputs.json");
    fs.appendFileSync(source, "\n");
    expect(tool(copy, "terraform-rc").status).toBe(1);
    expect(fs.existsSync(cached)).toBe(false);
    const earlier = new Date(Date.now() - 60_000);
    fs.utimesSync(source, earlier, earlier);
    expect(tool(copy, "terraform-rc").status).toBe(1);
    expect(fs.existsSync(cached)).toBe(true);
  });

  test("a bad setting stops the synth with a message naming the variable and the fix, writing nothing", () => {
    const bad = synthApp(ROOT, {
      MLOPS_VPC_CIDR: "10.0.0.0/33",
      CERTIFICATE_ARN: "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/MLOPS_VPC_CIDR \(prod\.vpcCidr\) = "10\.0\.0\.0\/33": has a prefix length above 32/);
    expect(bad.stderr).toMatch(/CERTIFICATE_ARN \(prod\.certificateArn\) = .*us-east-1 but the ALB is in ap-southeast-1/);
    expect(fs.readdirSync(bad.outdir)).toEqual([]);
  });

  test("the no-certificate warning names the variables that give a non-default environment HTTPS on a name, and the doc that exists", () => {
    const config = loadProjectConfigFile(path.join(ROOT, "config", "environments.json"), {});
    const dev = config.environments.find((e) => e.name === "dev")!;
    const stack = environmentStacks(new App({ outdir: tempDir("warn-") }), dev, false).demoAlb;
    const warning = stack.node.metadata.find((m) => m.type === "@cdktf/warn")!.data as string;
    const [, name, zone, doc] = /set (MLOPS_\w+) and (MLOPS_\w+) \((docs\/[\w.-]+)\)$/.exec(warning)!;
    expect(fs.existsSync(path.join(ROOT, doc))).toBe(true);
    // The variables apply to the environment MLOPS_ENV selects, the one the warning is printed for.
    const outdir = tempDir("warned-");
    const env = {
      ...process.env,
      CDKTF_OUTDIR: outdir,
      MLOPS_ENV: "dev",
      [name]: "dev.forecast.example.com",
      [zone]: "Z0123456789ABCDEFGHIJ",
    };
    const run = spawnSync("sh", ["-c", APP], { cwd: ROOT, env, encoding: "utf8" });
    expect(run.status).toBe(0);
    const read = (stack: string) => JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
    expect(Object.keys(read("demo-alb-dev").resource.aws_lb_listener).sort()).toEqual(["http_listener", "https_listener"]);
    expect(read("demo-alb-dev").output.demo_url.value).toBe("https://dev.forecast.example.com");
    expect(read("network-dev").resource.aws_acm_certificate.demo_domain_certificate.domain_name).toBe("dev.forecast.example.com");
  });
});
