// `npm run test:e2e`: the cdktn CLI itself running the app (seconds per command), beside
// quiet.e2e.ts, which runs the app as the CLI does.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const BAD = { MLOPS_VPC_CIDR: "10.0.0.0/33" };
const PROBLEM = 'MLOPS_VPC_CIDR (prod.vpcCidr) = "10.0.0.0/33": has a prefix length above 32';
const count = (text: string, part: string) => text.split(part).length - 1;

describe("a configuration error is printed once", () => {
  test("`npx cdktn synth` prints the problem exactly once and fails, and the last good stacks stay for the next deploy", () => {
    const output = fs.mkdtempSync(path.join(os.tmpdir(), "mlops-quiet-cli-"));
    const tmp = path.join(output, "tmp"); // npm keeps a compile cache in the temp folder: in this one, removed below
    fs.mkdirSync(tmp);
    const cdktn = (env: Record<string, string>) =>
      spawnSync("npx", ["cdktn", "synth", "--output", path.join(output, "out")], {
        cwd: ROOT,
        env: { ...process.env, ...env, CHECKPOINT_DISABLE: "1", CI: "1", TMPDIR: tmp },
        encoding: "utf8",
      });
    try {
      expect(cdktn({}).status).toBe(0);
      fs.writeFileSync(path.join(output, "out", "stacks", "network", "pulled.tfstate"), "{}"); // as the preview's --state hint says
      const run = cdktn(BAD);
      expect(run.status).not.toBe(0);
      expect(count(run.stdout + run.stderr, PROBLEM)).toBe(1);
      expect(run.stdout + run.stderr).toContain("Invalid configuration (nothing was synthesized)");
      expect(fs.readdirSync(path.join(output, "out", "stacks")).sort()).toEqual([
        "configuration",
        "demo-alb",
        "demo-alb-dev",
        "network",
        "network-dev",
      ]);
      expect(fs.existsSync(path.join(output, "out", "stacks", "network", "pulled.tfstate"))).toBe(true);
    } finally {
      fs.rmSync(output, { recursive: true, force: true });
    }
  }, 90_000);
});
