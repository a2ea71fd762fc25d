// The lists and counts the documentation repeats from the code (endpoint sets, resource counts),
// against what the code builds with the built-in defaults: the design the docs describe. The tables
// `npm run readme-tables` generates are tested in readme.test.ts; everything else that repeats the
// code is here, so that a change to the code fails until the docs say it too.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ECR_AND_LOGS_ENDPOINTS, interfaceServices } from "../src/config/endpoint-catalog";
import { monthly, networkLines, publicSubnetCount, sum } from "../src/cost/model";
import { ClusterFeature, DEFAULT_CLUSTER_FEATURES, requiredInterfaceServices } from "../src/eks/cluster-requirements";
import { environment, resourceCounts, resourceTotal, synthDemoAlb, synthNetwork } from "./support/synth";

const ROOT = path.join(__dirname, "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

const DEFAULTS = environment();
const network = synthNetwork(DEFAULTS);
const networkCounts = resourceCounts(network);
const defaultServices = interfaceServices(DEFAULTS).map((s) => s.service);
const walkthroughServices = ECR_AND_LOGS_ENDPOINTS.map((e) => e.service);
/** The default's interface endpoints beyond the walkthrough's three: what the cluster needs. */
const clusterServices = defaultServices.filter((s) => !walkthroughServices.includes(s));
/** The interface endpoints of a cluster with no feature: what every cluster needs. */
const anyCluster = requiredInterfaceServices([]);
/** Those beyond the walkthrough's three. */
const everyCluster = anyCluster.filter((s) => !walkthroughServices.includes(s));
/** What a feature adds to every cluster's endpoints. */
const addedBy = (feature: ClusterFeature) => requiredInterfaceServices([feature]).filter((s) => !anyCluster.includes(s));

/** How the README's picture and stack table name the services. */
const SHOWN_AS: Record<string, string> = {
  "ECR API": "ecr.api",
  "ECR DKR": "ecr.dkr",
  Logs: "logs",
  EC2: "ec2",
  STS: "sts",
  ELB: "elasticloadbalancing",
};
const NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

/** Ways the docs write what the code holds. */
const count = (text: string) => (/^\d+$/.test(text) ? Number(text) : NUMBER_WORDS.indexOf(text.toLowerCase()));
const codeNames = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
const services = (text: string) => codeNames(text).sort();
const shownServices = (text: string) =>
  text
    .split(/\s*(?:,|\/)\s*/)
    .map((name) => SHOWN_AS[name.trim()] ?? `(a name this test does not know: ${name.trim()}; add it to SHOWN_AS)`)
    .sort();
/** Names written plain: `a, b and c`. */
const plainNames = (text: string) =>
  text
    .split(/,\s*|\s+and\s+/)
    .map((n) => n.trim())
    .sort();
const sorted = (list: readonly string[]) => [...list].sort();

interface Claim {
  readonly file: string;
  readonly what: string;
  /** What the doc says: the first group is the part that repeats the code. */
  readonly says: RegExp;
  /** How that part is read. */
  readonly read: (text: string) => number | string | string[];
  /** What the code holds. */
  readonly code: number | string | string[];
}

const CLAIMS: readonly Claim[] = [
  {
    file: "README.md",
    what: "the picture's interface endpoints: the default's",
    says: /interface endpoints ([A-Za-z0-9 ,]+?) +│/,
    read: shownServices,
    code: sorted(defaultServices),
  },
  {
    file: "README.md",
    what: "the network stack's walkthrough endpoints: ECR_AND_LOGS_ENDPOINTS",
    says: /S3 gateway \+ ([A-Za-z0-9 /]+) interface endpoints/,
    read: shownServices,
    code: sorted(walkthroughServices),
  },
  {
    file: "README.md",
    what: "the network stack's endpoints for the cluster: the default's others",
    says: /the ones a private EKS cluster needs \(([A-Za-z0-9 ,]+)\)/,
    read: shownServices,
    code: sorted(clusterServices),
  },
  {
    file: "README.md",
    what: "the network stack's public subnets",
    says: /VPC, (\d+) public \+ \d+ private subnets/,
    read: count,
    code: publicSubnetCount(network),
  },
  {
    file: "README.md",
    what: "the network stack's private subnets",
    says: /VPC, \d+ public \+ (\d+) private subnets/,
    read: count,
    code: networkCounts.aws_subnet - publicSubnetCount(network),
  },
  {
    file: "README.md",
    what: "the network stack's security groups",
    says: /the (\d+) layered security groups/,
    read: count,
    code: networkCounts.aws_security_group,
  },
  {
    file: "README.md",
    what: "the resources a deploy of the network creates",
    says: /npx cdktn deploy network +# (\d+) resources/,
    read: count,
    code: resourceTotal(network),
  },
  {
    file: "README.md",
    what: "the network's monthly price",
    says: /\*\*([\d.]+) USD a month\*\* for its \d+ interface endpoints/,
    read: String,
    code: sum(networkLines(network), monthly).toFixed(2),
  },
  {
    file: "README.md",
    what: "the number of interface endpoints it is for",
    says: /for its (\d+) interface endpoints in \d+ AZs/,
    read: count,
    code: defaultServices.length,
  },
  {
    file: "README.md",
    what: "the number of zones it is for",
    says: /for its \d+ interface endpoints in (\d+) AZs/,
    read: count,
    code: DEFAULTS.availabilityZones.length,
  },
  {
    file: "docs/design.md",
    what: "the endpoints the default adds to the walkthrough's",
    says: /The default adds (`[^.]+`) beside these three/,
    read: services,
    code: sorted(clusterServices),
  },
  {
    file: "docs/design.md",
    what: "the number of the default's endpoints",
    says: /The default's (\d+) endpoints/,
    read: count,
    code: defaultServices.length,
  },
  {
    file: "docs/design.md",
    what: "the price of the default's endpoints",
    says: /The default's \d+ endpoints \(\[Endpoints\]\(#endpoints\)\) are ([\d.]+)\./,
    read: String,
    code: sum(networkLines(network), monthly).toFixed(2),
  },
  {
    file: "docs/design.md",
    what: "the endpoints every cluster needs",
    says: /`"cluster"` adds (`[^`]+`) \(every cluster\)/,
    read: services,
    code: sorted(everyCluster),
  },
  {
    file: "docs/design.md",
    what: "the default cluster features",
    says: /\(default\s+(`\[[^\]]+\]`): `/,
    read: (text) => text,
    code: `\`${JSON.stringify(DEFAULT_CLUSTER_FEATURES).replace(/,/g, ", ")}\``,
  },
  {
    file: "docs/design.md",
    what: "the endpoints of the default features",
    says: /\(default\s+`\[[^\]]+\]`: (`[^;]+);/,
    read: services,
    code: sorted(DEFAULT_CLUSTER_FEATURES.flatMap(addedBy)),
  },
  {
    file: "docs/design.md",
    what: "the endpoint each other feature adds",
    says: /`pod-identity`, `cluster-autoscaler`,\s+`eks-api` add ((?:`[^`]+`(?:, )?)+);/,
    // In the order of the features before it, one each.
    read: codeNames,
    code: (["pod-identity", "cluster-autoscaler", "eks-api"] as const).flatMap(addedBy),
  },
  {
    file: "docs/design.md",
    what: "the endpoints operator-access adds",
    says: /`operator-access` adds ([^(]+?), the Session Manager/,
    read: services,
    code: sorted(addedBy("operator-access")),
  },
  {
    file: "docs/design.md",
    what: "the endpoints that fail the reachability report with the walkthrough's three",
    says: /keeps the walkthrough's three \(`npm run reachability`\s+then fails naming ([a-z0-9., ]+)\)/,
    read: plainNames,
    code: sorted(clusterServices),
  },
  {
    file: "docs/costs.md",
    what: "the endpoint-AZs of the honest design",
    says: /the honest endpoint design is (\d+) endpoint-AZs/,
    read: count,
    code: defaultServices.length * DEFAULTS.availabilityZones.length,
  },
  {
    file: "docs/costs.md",
    what: "the price of the honest design",
    says: /the honest endpoint design is \d+ endpoint-AZs, \*\*([\d.]+) USD a month\*\*/,
    read: String,
    code: sum(networkLines(network), monthly).toFixed(2),
  },
  {
    file: "docs/eks-handoff.md",
    what: "the endpoints the EKS step relies on",
    says: /are in `interface_vpc_endpoint_ids` \(([a-z0-9.,\s]+?)\s+by default\)/,
    read: plainNames,
    code: sorted(defaultServices),
  },
  {
    file: "docs/adopt.md",
    what: "the endpoints adopted whatever the features",
    says: /each service name the configuration builds \(([^)]+), and those the cluster features add\)/,
    read: services,
    code: sorted(walkthroughServices),
  },
  {
    file: "docs/adopt.md",
    what: "the subnets adopted",
    says: /\| (\d+) public and \d+ private subnets \|/,
    read: count,
    code: publicSubnetCount(network),
  },
  {
    file: "docs/adopt.md",
    what: "the security groups adopted",
    says: /\| (\d+) security groups \|/,
    read: count,
    code: networkCounts.aws_security_group,
  },
  {
    file: "docs/verify.md",
    what: "the subnets checked",
    says: /DNS settings, the (\w+) subnets by `Name` tag/,
    read: count,
    code: networkCounts.aws_subnet,
  },
  {
    file: "docs/verify.md",
    what: "the security groups without interface endpoints",
    says: /the security groups \((\w+) without interface endpoints\)/,
    read: count,
    code: resourceCounts(synthNetwork(environment({ egress: "nat-gateway" }))).aws_security_group,
  },
  {
    file: "docs/rehearsal.md",
    what: "the resources the rehearsal deploys (no pull-through cache)",
    says: /The deploy creates (\d+) resources, not the \d+ of a real one/,
    read: count,
    code: resourceTotal(synthNetwork(environment({ ecrPullThroughCache: false }))),
  },
  {
    file: "docs/rehearsal.md",
    what: "the resources a real deploy creates",
    says: /The deploy creates \d+ resources, not the (\d+) of a real one/,
    read: count,
    code: resourceTotal(network),
  },
];

describe("lists and counts in the docs are what the code builds with the defaults", () => {
  test.each(CLAIMS.map((c) => [`${c.file}: ${c.what}`, c] as const))("%s", (_, claim) => {
    const found = claim.says.exec(read(claim.file));
    const advice = `${claim.file} no longer says this: update the claim in __tests__/doc-lists.test.ts with the new words`;
    expect({ advice, found: Boolean(found) }).toEqual({ advice, found: true });
    expect(claim.read(found![1])).toEqual(claim.code);
  });

  test("a doc that names a service this test cannot read fails, rather than passing", () => {
    expect(shownServices("ECR API, SSM")).toEqual(["(a name this test does not know: SSM; add it to SHOWN_AS)", "ecr.api"]);
    expect(count("four")).toBe(4);
  });
});

/** The resource counts of one stack's section of docs/preview.md's example: type → count, and the "N to add". */
function previewSection(doc: string, stack: string): { toAdd: number; counts: Record<string, number> } {
  const section = new RegExp(
    `^Stack ${stack}: (\\d+) to add, 0 to change, 0 to destroy\\n(?:.*\\n)*?((?: {4}\\d+ {2}aws_\\w+\\n)+)`,
    "m",
  ).exec(doc);
  if (!section) throw new Error(`docs/preview.md has no from-scratch example of stack ${stack} with its resource counts`);
  const counts = Object.fromEntries([...section[2].matchAll(/^ {4}(\d+) {2}(aws_\w+)$/gm)].map((m) => [m[2], Number(m[1])]));
  return { toAdd: Number(section[1]), counts };
}

test.each([
  ["network", network],
  ["demo-alb", synthDemoAlb(DEFAULTS)],
])("docs/preview.md's example plan of %s adds what the stack holds, type by type", (stack, json) => {
  expect(previewSection(read("docs/preview.md"), stack)).toEqual({ toAdd: resourceTotal(json), counts: resourceCounts(json) });
});

test("docs/costs.md's report is npm run cost's, for the built-in defaults", () => {
  // The defaults, not config/environments.json: an environment's own settings do not make the docs wrong.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "doc-lists-"));
  try {
    const config = path.join(dir, "environments.json");
    fs.writeFileSync(config, JSON.stringify({ environments: { [DEFAULTS.name]: {} } }));
    const r = spawnSync(process.execPath, [path.join(ROOT, "scripts", "tool.js"), "cost"], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, MLOPS_CONFIG_FILE: config },
    });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
    const advice = "docs/costs.md is out of date: paste the report of MLOPS_CONFIG_FILE=<a file with no settings> npm run cost";
    expect({ advice, found: read("docs/costs.md").includes(`\`\`\`\n${r.stdout.trimEnd()}\n\`\`\``) }).toEqual({ advice, found: true });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
