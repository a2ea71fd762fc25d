import { spawnSync } from "child_process";
import { App } from "cdktn";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadProjectConfigFile } from "../src/config/load";
import { environmentStacks } from "../src/app";
import { NetworkStack } from "../src/stacks/network-stack";
import { APP, copyOfProject, ROOT, synthApp, tempDir } from "./support/app-runs";

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
