import * as fs from "fs";
import * as path from "path";
import { interfaceServices } from "../src/config/endpoint-catalog";
import { ALB_TO_POD_PORTS } from "../src/network/security-group-rules";
import { configurationTable, endpointTable, outputsTable } from "../src/tools/readme-tables";
import { environment, resourceTotal, synthNetwork } from "./support/synth";

const ROOT = path.join(__dirname, "..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const readme = read("README.md");

// Each generated table lives in one file, verbatim: the outputs (the public contract) on the front page,
// the settings and the endpoints with the rest of the configuration reference.
test.each([
  ["outputs", "README.md", outputsTable()],
  ["settings", path.join("docs", "configuration.md"), configurationTable()],
  ["interface endpoints", path.join("docs", "configuration.md"), endpointTable()],
])("the %s table in %s is the one the code generates", (_, file, table) => {
  const advice = `${file} is out of date: paste the table from the output of \`npm run -s readme-tables\``;
  expect({ advice, found: read(file).includes(table) }).toEqual({ advice, found: true });
});

test("the README is a front door: at most 300 lines", () => {
  expect(readme.trimEnd().split("\n").length).toBeLessThanOrEqual(300);
});

test("the README shows how to start and how to test", () => {
  expect(readme).toContain("npm ci && npx cdktn synth");
  expect(readme).toContain("npm test");
});

test("the README links every page of docs/", () => {
  const pages = fs.readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md"));
  expect(pages.filter((page) => !readme.includes(`](docs/${page})`))).toEqual([]);
});

// Prose that names what the default network is built of, checked against the code that builds it:
// a copy no test reads drifts the first time the code changes.
test("the default network as the docs name it: its interface endpoints, the ALB's ports to the pods, its resource count", () => {
  const env = environment();
  const flat = (file: string) => read(file).replace(/\s+/g, " ");
  /** The first group of `pattern` in `text`: what the text says (undefined when the sentence is gone). */
  const says = (text: string, pattern: RegExp) => text.match(pattern)?.[1];
  /** A list of names, in the order of `sort()`: "a, b, c". */
  const sorted = (list: readonly string[]) => [...list].sort().join(", ");
  /** The names of a prose list ("a, b, c" or "`a`, `b` and `c`"), sorted. */
  const names = (list: string | undefined) => list && sorted(list.split(/,\s*|\s+and\s+/).map((n) => n.replace(/`/g, "").trim()));
  const created = sorted(interfaceServices(env).map((e) => e.service));
  const ports = ALB_TO_POD_PORTS.join(", ");
  /** [where, what it says, what the code builds]. */
  const claims: [string, string | undefined, string][] = [
    ["README.md: the picture's interface endpoints", names(says(readme, /private DNS\): ([\w., -]+?) +│/)), created],
    [
      "docs/eks-handoff.md: interface_vpc_endpoint_ids",
      names(says(flat("docs/eks-handoff.md"), /`interface_vpc_endpoint_ids` \(([^)]+?) by default\)/)),
      created,
    ],
    ["README.md: the picture's ALB → nodes ports", says(readme, /ALB SG → EKS nodes SG \(([\d/]+)\)/), ALB_TO_POD_PORTS.join("/")],
    [
      "docs/demo.md: the nodes' ports from the ALB",
      says(flat("docs/demo.md"), /The nodes SG admits exactly ([\d, ]+?) and that port/),
      ports,
    ],
    [
      "docs/design.md: the nodes' ports from the ALB",
      says(flat("docs/design.md"), /the nodes admit, exactly ([\d, ]+?) and `apiTargetPort`/),
      ports,
    ],
    [
      "docs/eks-handoff.md: the nodes' ports from the ALB",
      says(flat("docs/eks-handoff.md"), /admits the ALB on ([\d, ]+?) and `apiTargetPort`/),
      ports,
    ],
    [
      "README.md: what `cdktn deploy network` creates",
      says(readme, /npx cdktn deploy network +# (\d+) resources/),
      String(resourceTotal(synthNetwork(env))),
    ],
  ];
  expect(claims.filter(([, said, built]) => said !== built)).toEqual([]);
});
