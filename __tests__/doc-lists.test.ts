// The lists and counts the documentation repeats from the code (endpoint sets, resource counts),
// against what the code builds with the built-in defaults: the design the docs describe. The tables
// `npm run readme-tables` generates are tested in readme.test.ts; everything else that repeats the
// code is here, so that a change to the code fails until the docs say it too.
import * as fs from "fs";
import * as path from "path";
import { ECR_AND_LOGS_ENDPOINTS, interfaceServices } from "../src/config/endpoint-catalog";
import { monthly, networkLines, publicSubnetCount, sum } from "../src/cost/model";
import { ALB_TO_POD_PORTS } from "../src/network/security-group-rules";
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

const NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

/** Ways the docs write what the code holds. */
const count = (text: string) => (/^\d+$/.test(text) ? Number(text) : NUMBER_WORDS.indexOf(text.toLowerCase()));
const codeNames = (text: string) => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
const services = (text: string) => codeNames(text).sort();
/** Port numbers written `80, 443` or `80/443`. */
const ports = (text: string) => text.split(/\s*[,/]\s*/).map(Number);
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
  readonly read: (text: string) => number | string | readonly (string | number)[];
  /** What the code holds. */
  readonly code: number | string | readonly (string | number)[];
}

const CLAIMS: readonly Claim[] = [
  {
    file: "README.md",
    what: "the picture's interface endpoints: the default's",
    says: /private DNS\): ([\w., -]+?) +│/,
    read: plainNames,
    code: sorted(defaultServices),
  },
  ...(
    [
      ["README.md", "the picture's ALB → nodes ports", /ALB SG → EKS nodes SG \(([\d/]+)\)/],
      ["docs/demo.md", "the nodes' ports from the ALB", /The\s+nodes\s+SG\s+admits\s+exactly\s+([\d,\s]+?)\s+and\s+that\s+port/],
      ["docs/design.md", "the nodes' ports from the ALB", /the\s+nodes\s+admit,\s+exactly\s+([\d,\s]+?)\s+and\s+`apiTargetPort`/],
      ["docs/eks-handoff.md", "the nodes' ports from the ALB", /admits\s+the\s+ALB\s+on\s+([\d,\s]+?)\s+and\s+`apiTargetPort`/],
    ] as const
  ).map(([file, what, says]) => ({ file, what, says, read: ports, code: ALB_TO_POD_PORTS })),
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
