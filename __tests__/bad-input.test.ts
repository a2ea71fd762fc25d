// Each class of bad input a newcomer tried: refused with a message that names the input and the fix
// (or, for a VPC outside the private ranges, a warning), never read as something else, never a trace.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError, loadProjectConfig } from "../src/config/load";
import { parseStrictJson } from "../src/config/json-file";
import { checkPricesOnRecord, parseCostArgs } from "../src/cost/report";
import { findStates, parsePreviewArgs } from "../src/tools/preview";
import { tool, TRACE } from "./support/tool-run";

const ROOT = path.join(__dirname, "..");

/** What loading environment "prod" with `settings` and `env` says: its problems, or its warnings. */
function load(settings: Record<string, unknown> = {}, env: Record<string, string> = {}) {
  try {
    return { problems: [], warnings: [...loadProjectConfig({ file: { environments: { prod: settings } }, env }).warnings] };
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return { problems: [...e.problems], warnings: [] };
  }
}

let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "bad-input-"))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("numbers in odd spellings", () => {
  test.each(["0x10", "1e1", "Infinity", "1_000", "3 days"])(
    "MLOPS_FLOW_LOG_RETENTION_DAYS=%j is refused, naming the spelling to use",
    (text) => {
      expect(load({}, { MLOPS_FLOW_LOG_RETENTION_DAYS: text }).problems).toEqual([
        `MLOPS_FLOW_LOG_RETENTION_DAYS (prod.flowLogRetentionDays) = ${JSON.stringify(text)}: expected a number in decimal digits, e.g. 30 or 2.5`,
      ]);
    },
  );

  test("spaces around a number are taken off, as around every variable's value", () => {
    expect(load({}, { MLOPS_FLOW_LOG_RETENTION_DAYS: " 3 " })).toEqual({ problems: [], warnings: [] });
  });

  test("--flow-log-gb takes decimal digits only", () => {
    expect(parseCostArgs(["--flow-log-gb", " 2.5 "]).flowLogGbPerMonth).toBe(2.5);
    expect(() => parseCostArgs(["--flow-log-gb=0x10"])).toThrow(
      'npm run cost: --flow-log-gb needs a number of GB a month (0 or more), not "0x10"',
    );
  });
});

describe("a file that is not what the tool reads", () => {
  const pull = /name a Terraform state file, e\.g\. from `terraform state pull/;
  test.each<[string, string, RegExp]>([
    ["the configuration file", fs.readFileSync(path.join(ROOT, "config", "environments.json"), "utf8"), /: it is a configuration file/],
    ["an empty object", "{}", /is JSON but not a Terraform state \(no "version" and "resources" list\)/],
    [
      "a state of Terraform 0.11",
      '{"version": 3, "modules": [], "resources": []}',
      /is a Terraform state of format 3, written by a Terraform before 0\.12/,
    ],
  ])("--state naming %s is refused, not planned as an empty state", (_, contents, message) => {
    const file = path.join(dir, "state.json");
    fs.writeFileSync(file, contents);
    const find = () => findStates(parsePreviewArgs(["--state", `network=${file}`]), { network: "network", demoAlb: "demo-alb" }, dir);
    expect(find).toThrow(message);
    if (!/format 3/.test(String(message))) expect(find).toThrow(pull);
  });

  test("MLOPS_CONFIG_FILE naming a state file says so, in one line", () => {
    const file = path.join(dir, "network.tfstate");
    fs.writeFileSync(file, '{"version": 4, "terraform_version": "1.11.4", "serial": 1, "lineage": "x", "outputs": {}, "resources": []}');
    const run = tool(["reachability"], { MLOPS_CONFIG_FILE: file });
    expect([run.status, run.stderr.trim().split("\n")]).toEqual([
      1,
      [
        "Invalid configuration (nothing was synthesized):",
        `  - ${file}: is a Terraform state, not the configuration; name a file like config/environments.json`,
      ],
    ]);
  });
});

describe("keys JavaScript objects reserve", () => {
  test.each(["__proto__", "constructor", "prototype"])("%s in the configuration file is refused where it stands", (key) => {
    expect(parseStrictJson(`{"environments": {"prod": {"tags": {"${key}": "x"}}}}`).problems).toEqual([
      `1:37: key "environments.prod.tags.${key}": "${key}" is a name JavaScript objects reserve (__proto__, constructor, prototype); rename it`,
    ]);
  });

  test("a tag named __proto__ in MLOPS_TAGS is refused, not dropped", () => {
    expect(load({}, { MLOPS_TAGS: "team=ml,__proto__=x" }).problems).toEqual([
      expect.stringMatching(/^MLOPS_TAGS \(prod\.tags\) = "team=ml,__proto__=x": the tag "__proto__" is a name JavaScript objects reserve/),
    ]);
  });
});

describe("absurdly nested input", () => {
  const deep = `{"environments": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`;

  test("is refused where it gets too deep, before the parser recurses", () => {
    expect(parseStrictJson(deep).problems).toEqual(["1:81: nested more than 64 levels deep; this is not a file the tool reads"]);
  });

  test("as the configuration file: a message, not a stack overflow", () => {
    const file = path.join(dir, "deep.json");
    fs.writeFileSync(file, deep);
    const run = tool(["reachability"], { MLOPS_CONFIG_FILE: file });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${file}:1:81: nested more than 64 levels deep`);
    expect(run.stderr).not.toMatch(TRACE);
  });
});

test("a cost report for a region whose prices are not on record is refused, not priced with another region's list", () => {
  expect(() => checkPricesOnRecord("ap-southeast-1", "prod")).not.toThrow();
  expect(() => checkPricesOnRecord("eu-west-1", "prod")).toThrow(
    "npm run cost: environment prod is in eu-west-1, and src/cost/prices.json holds the prices of ap-southeast-1 only; price eu-west-1 there (each price's source page is named), or run it for an environment in ap-southeast-1 (MLOPS_ENV)",
  );
});

test.each(["8.8.0.0/16", "100.64.0.0/16", "172.32.0.0/16"])(
  "a VPC range outside RFC 1918 (%s) is a warning that names the private ranges",
  (cidr) => {
    const [a, b] = cidr.split(".");
    const subnets = {
      publicSubnetCidrs: [`${a}.${b}.1.0/24`, `${a}.${b}.2.0/24`],
      privateSubnetCidrs: [`${a}.${b}.101.0/24`, `${a}.${b}.102.0/24`],
    };
    expect(load({ vpcCidr: cidr, ...subnets })).toEqual({
      problems: [],
      warnings: [
        expect.stringContaining(
          `vpcCidr = "${cidr}": lies outside the private address ranges (RFC 1918: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)`,
        ),
      ],
    });
    expect(load({ vpcCidr: "172.31.0.0/16" }).warnings).toEqual([]);
  },
);

test.each<[string, Record<string, unknown>, Record<string, string>]>([
  ["the file", { tags: { Name: "x" } }, {}],
  ["MLOPS_TAGS", {}, { MLOPS_TAGS: "team=ml,Name=x" }],
])("a Name among the default tags (%s) is refused: it would rename the walkthrough's resources", (_, settings, env) => {
  expect(load(settings, env).problems).toEqual([
    expect.stringMatching(/tags\)? = "Name": the resources are named by their own Name tags .*; remove it, and set namePrefix to rename$/),
  ]);
});
