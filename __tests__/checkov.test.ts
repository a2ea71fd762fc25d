// The gate's machinery without checkov itself (npm test runs the real gate, `npm run checkov`, beside
// the type check): reading checkov's report, the verdicts on mutations and SECURITY.md's rows, and
// the pinned checkov's install, with a stand-in python3.
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseExceptions } from "../src/policy/exceptions";
import { deadRows, formatMutations, mutationCaught } from "../src/policy/gate";
import { parseStack } from "../src/synthesized/stack-json";
import { CheckovError, ensureCheckov } from "../src/tools/checkov-install";
import { checkovFindings, CheckovTarget } from "../src/tools/checkov";
import { synthNetwork } from "./support/synth";

const ROOT = path.join(__dirname, "..");
const network: CheckovTarget = { label: "prod network", name: "network", stack: parseStack(synthNetwork()), file: "000/cdk.tf.json" };

describe("checkov's report", () => {
  const report = (failed: object[], passed: object[] = []) => [
    { check_type: "terraform_json", results: { failed_checks: failed, passed_checks: passed } },
  ];

  test("is read by file; resource.<name> becomes the stack's address, and our checks' details the message", () => {
    const found = checkovFindings(
      report([
        { check_id: "CKV_AWS_158", check_name: "Ensure KMS", resource: "resource.flow_log_group", file_path: "/000/cdk.tf.json" },
        { check_id: "MLOPS_NET_2", resource: "resource.vpc", file_path: "/000/cdk.tf.json", details: ["the rule allows tcp 443"] },
      ]),
      [network],
    );
    expect(found.get("prod network")).toEqual([
      { id: "CKV_AWS_158", address: "aws_cloudwatch_log_group.flow_log_group", message: "Ensure KMS" },
      { id: "MLOPS_NET_2", address: "aws_vpc.vpc", message: "the rule allows tcp 443" },
    ]);
  });

  test("a file checkov was not given, or one it ran no check on, is an error, not a pass", () => {
    expect(() => checkovFindings(report([{ check_id: "X", resource: "r", file_path: "/999/cdk.tf.json" }]), [network])).toThrow(
      /a file it was not given: \/999\/cdk\.tf\.json/,
    );
    expect(() => checkovFindings(report([]), [network])).toThrow(/checkov ran no check on prod network: it did not read that file/);
    const passedOnly = report([], [{ check_id: "CKV_AWS_1", resource: "r", file_path: "/000/cdk.tf.json" }]);
    expect(checkovFindings(passedOnly, [network]).get("prod network")).toEqual([]);
  });
});

describe("the gate's verdicts", () => {
  test("a regression is caught only by exactly the findings it lists", () => {
    const expected = ["MLOPS_NET_1 @ aws_route.r"];
    expect(mutationCaught({ mutation: "m", expected, found: expected })).toBe(true);
    expect(mutationCaught({ mutation: "m", expected, found: [] })).toBe(false);
    expect(mutationCaught({ mutation: "m", expected, found: [...expected, "CKV_AWS_2 @ aws_lb_listener.l"] })).toBe(false);
    const text = formatMutations([
      { mutation: "missed", expected, found: [] },
      { mutation: "other", expected, found: ["CKV_AWS_2 @ aws_lb_listener.l"] },
    ]);
    expect(text).toMatch(/^deliberate regressions \(src\/policy\/mutations\.ts\): 2 of 2 not caught as listed/);
    expect(text).toContain("  MISSED  missed\n             expected, not reported: MLOPS_NET_1 @ aws_route.r");
    expect(text).toContain("reported, not expected: CKV_AWS_2 @ aws_lb_listener.l");
  });

  test("a row of SECURITY.md that accepts no finding of any stack is dead", () => {
    const [e] = parseExceptions(
      "## Accepted exceptions\n\n| check | stacks | resources | reason |\n|---|---|---|---|\n" +
        "| `CKV_AWS_130` | `network*` | `aws_subnet.public_subnet_*`, `aws_subnet.typo` | a reason long enough to be one |\n",
    );
    const judged = { ...network, findings: [{ id: "CKV_AWS_130", address: "aws_subnet.public_subnet_ap_southeast_1a", message: "" }] };
    expect(deadRows([e], [judged])).toEqual(["CKV_AWS_130 @ aws_subnet.typo"]);
  });
});

describe("the pinned checkov installs itself into .venv-checkov", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "checkov-install-"));
    fs.writeFileSync(path.join(dir, "requirements-checkov.txt"), "checkov==3.3.30\n");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /**
   * A stand-in python3 on PATH: `-m venv DIR` makes DIR/bin/python (itself), and that python's
   * `-m pip install` writes the checkov package metadata into its own environment, after a pause
   * that lets two installs overlap.
   */
  function fakePython(): string {
    const bin = path.join(dir, "fake-bin");
    fs.mkdirSync(bin);
    const script = [
      "#!/bin/sh",
      'if [ "$2" = venv ]; then mkdir -p "$3/bin" "$3/lib/python3.11/site-packages" && cp "$0" "$3/bin/python"; exit $?; fi',
      'if [ "$2" = pip ]; then sleep 1; mkdir -p "$(dirname "$0")/../lib/python3.11/site-packages/checkov-3.3.30.dist-info"; exit $?; fi',
      "exit 2",
    ].join("\n");
    fs.writeFileSync(path.join(bin, "python3"), script, { mode: 0o755 });
    return bin;
  }

  test("a machine without python3 gets one line saying what to install, and nothing is left behind", () => {
    const path0 = process.env.PATH;
    process.env.PATH = path.join(dir, "empty");
    try {
      expect(() => ensureCheckov(dir, () => undefined)).toThrow(CheckovError);
      expect(() => ensureCheckov(dir, () => undefined)).toThrow(
        /^checkov needs Python 3\.9 or later, and python3 is not on PATH: install it \(Debian\/Ubuntu: sudo apt-get install python3 python3-venv/,
      );
    } finally {
      process.env.PATH = path0;
    }
    expect(fs.readdirSync(dir)).toEqual(["requirements-checkov.txt"]);
  });

  test("two runs at once both get the one environment; no half-built folder is left", async () => {
    const bin = fakePython();
    const entry = path.join(dir, "install.js");
    // Each run in a process of its own, as two `npm test` runs or Jest workers would be.
    fs.writeFileSync(
      entry,
      `require(${JSON.stringify(path.join(ROOT, "scripts", "bundled.js"))}).runBundled("__tests__/support/ensure-checkov.ts");`,
    );
    const run = () =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, [entry, dir], {
          env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` },
        });
        let out = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (out += d));
        child.on("close", (code) => resolve({ code, out }));
      });
    const [a, b] = await Promise.all([run(), run()]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect([a.out, b.out].map((o) => o.trim().split("\n").pop())).toEqual([
      `${path.join(dir, ".venv-checkov", "bin", "python")} 3.3.30`,
      `${path.join(dir, ".venv-checkov", "bin", "python")} 3.3.30`,
    ]);
    expect(fs.readdirSync(dir).filter((n) => n.startsWith(".venv-checkov"))).toEqual([".venv-checkov"]);
    // Installed: the next run starts nothing.
    expect(ensureCheckov(dir, () => undefined).version).toBe("3.3.30");
  }, 60_000);

  test("another pinned version replaces the environment", () => {
    const bin = fakePython();
    fs.mkdirSync(path.join(dir, ".venv-checkov", "bin"), { recursive: true });
    fs.writeFileSync(path.join(dir, ".venv-checkov", "bin", "python"), "");
    fs.mkdirSync(path.join(dir, ".venv-checkov", "lib", "python3.11", "site-packages", "checkov-3.3.1.dist-info"), { recursive: true });
    const path0 = process.env.PATH;
    process.env.PATH = `${bin}${path.delimiter}${path0}`;
    const lines: string[] = [];
    try {
      expect(ensureCheckov(dir, (l) => lines.push(l)).version).toBe("3.3.30");
    } finally {
      process.env.PATH = path0;
    }
    expect(lines).toEqual(["Installing checkov 3.3.30 (requirements-checkov.txt) into .venv-checkov: once, about a minute…"]);
    expect(fs.readdirSync(path.join(dir, ".venv-checkov", "lib", "python3.11", "site-packages"))).toEqual(["checkov-3.3.30.dist-info"]);
    expect(fs.readdirSync(dir).filter((n) => n.startsWith(".venv-checkov"))).toEqual([".venv-checkov"]);
  }, 30_000);
});

describe("npm run checkov and npm run policy", () => {
  const tool = (...args: string[]) => spawnSync(process.execPath, ["scripts/tool.js", ...args], { cwd: ROOT, encoding: "utf8" });

  test.each(["checkov", "policy"])("npm run %s -- --help says what it does", (name) => {
    const r = tool(name, "--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^npm run ${name}`));
    expect(r.stdout).toContain("SECURITY.md");
  });

  test.each([
    ["checkov", "--mutations", /^npm run checkov takes no arguments \(got --mutations\)/],
    ["policy", "--allow-nat-egress", /^Unknown option --allow-nat-egress/],
  ])("npm run %s refuses %s, with the usage", (name, arg, message) => {
    const r = tool(name, arg);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain(`npm run ${name}`);
  });
});
