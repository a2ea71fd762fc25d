import { Testing } from "cdktn";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AdoptionFile, adoptionText, importAdopted, readAdoption } from "../src/stacks/adoption";
import { ADDRESS } from "../src/adopt/lookup";
import { adoptionReport, AdoptionChange } from "../src/adopt/plan-report";
import { networkStack } from "./support/synth";

const adoption = (resources: [string, string][]): AdoptionFile => ({
  stack: "network",
  region: "ap-southeast-1",
  namePrefix: "mlops",
  vpcId: "vpc-0a1b2c3d",
  resources: resources.map(([address, id]) => ({ address, id, foundBy: "test" })),
  leftAlone: [],
});

describe("import blocks from an adoption file", () => {
  test("each adopted address gets an import block with the console's id; nothing else is imported", () => {
    const stack = networkStack();
    importAdopted(
      stack,
      adoption([
        [ADDRESS.vpc, "vpc-0a1b2c3d"],
        [ADDRESS.subnet("private", "ap-southeast-1b"), "subnet-0b"],
        [ADDRESS.association("public", "ap-southeast-1a"), "subnet-0a/rtb-0p"],
        [ADDRESS.rule("egress", "alb_out_http_to_eks_nodes"), "sgr-0e"],
      ]),
    );
    const imports: { to: string; id: string }[] = JSON.parse(Testing.synth(stack)).import;
    expect(imports.map((i) => `${i.to} ${i.id}`).sort()).toEqual([
      "aws_route_table_association.public_subnet_ap_southeast_1a_route_table subnet-0a/rtb-0p",
      "aws_subnet.private_subnet_ap_southeast_1b subnet-0b",
      "aws_vpc.vpc vpc-0a1b2c3d",
      "aws_vpc_security_group_egress_rule.alb_out_http_to_eks_nodes sgr-0e",
    ]);
  });

  test("an address the stack does not build is an error that says to run adopt again", () => {
    expect(() => importAdopted(networkStack(), adoption([["aws_nat_gateway.nat_gateway", "nat-0"]]))).toThrow(
      "adopt/network.json adopts resources stack network does not build: aws_nat_gateway.nat_gateway. The configuration changed since it was written: run npm run adopt -- network again.",
    );
  });

  test("the file is read back as written, and a file of another stack is refused", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-file-"));
    try {
      expect(readAdoption(root, "network")).toBeUndefined();
      fs.mkdirSync(path.join(root, "adopt"));
      const file = adoption([[ADDRESS.vpc, "vpc-0a1b2c3d"]]);
      fs.writeFileSync(path.join(root, "adopt", "network.json"), adoptionText(file));
      expect(readAdoption(root, "network")).toEqual(file);
      fs.copyFileSync(path.join(root, "adopt", "network.json"), path.join(root, "adopt", "network-dev.json"));
      expect(() => readAdoption(root, "network-dev")).toThrow("adopt/network-dev.json is not an adoption file of stack network-dev");
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("the adoption report, from terraform's plan", () => {
  const change = (address: string, actions: string[], extra: Partial<AdoptionChange["change"]> = {}): AdoptionChange => ({
    address,
    mode: "managed",
    type: address.split(".")[0],
    name: address.split(".")[1],
    provider_name: "registry.terraform.io/hashicorp/aws",
    change: { actions, ...extra },
  });
  const file = adoption([
    [ADDRESS.vpc, "vpc-0a"],
    [ADDRESS.s3Endpoint, "vpce-05"],
    [ADDRESS.subnet("public", "ap-southeast-1a"), "subnet-0a"],
  ]);

  test("import, import with the changes in place, create", () => {
    const report = adoptionReport(
      [
        change(ADDRESS.vpc, ["no-op"], { importing: { id: "vpc-0a" } }),
        change(ADDRESS.s3Endpoint, ["update"], {
          importing: { id: "vpce-05" },
          before: { policy: "{}", tags_all: { Name: "x" }, id: "vpce-05" },
          after: { policy: '{"Statement":[]}', tags_all: { Name: "x", project: "p", environment: "prod" }, id: "vpce-05" },
          after_unknown: {},
        }),
        change(ADDRESS.subnet("public", "ap-southeast-1a"), ["update"], {
          importing: { id: "subnet-0a" },
          before: { map_public_ip_on_launch: false, revoke_rules_on_delete: null },
          after: { map_public_ip_on_launch: true, revoke_rules_on_delete: false },
        }),
        change("aws_flow_log.vpc_flow_log", ["create"]),
      ],
      file,
    );
    expect(report.refusals).toEqual([]);
    expect(report.counts).toEqual({ import: 3, update: 2, create: 1 });
    expect(report.lines).toEqual([
      "create                  aws_flow_log.vpc_flow_log",
      "import, change in place aws_subnet.public_subnet_ap_southeast_1a (subnet-0a): map_public_ip_on_launch false → true",
      "import                  aws_vpc.vpc (vpc-0a)",
      "import, change in place aws_vpc_endpoint.s3_gateway_endpoint (vpce-05): policy (the design's endpoint policy); tags (adds project, environment)",
    ]);
  });

  test("run again after the deploy: the console's resources already in the state are said so; another stack's are refused", () => {
    const report = adoptionReport(
      [
        change(ADDRESS.vpc, ["no-op"], { before: { id: "vpc-0a" } }),
        change(ADDRESS.s3Endpoint, ["no-op"], { before: { id: "vpce-0f" } }),
        change(ADDRESS.subnet("public", "ap-southeast-1a"), ["no-op"], { importing: { id: "subnet-0a" } }),
      ],
      file,
    );
    expect(report.lines).toContain("already managed         aws_vpc.vpc (vpc-0a)");
    expect(report.refusals).toEqual([
      "aws_vpc_endpoint.s3_gateway_endpoint: the stack's state already holds vpce-0f, not the console's vpce-05: this stack already built its own network",
    ]);
  });

  test("a replacement is refused, naming the setting to align; an adopted resource the plan does not import too", () => {
    const report = adoptionReport(
      [
        change(ADDRESS.vpc, ["no-op"], { importing: { id: "vpc-0a" } }),
        change(ADDRESS.subnet("public", "ap-southeast-1a"), ["delete", "create"], {
          importing: { id: "subnet-0a" },
          replace_paths: [["cidr_block"]],
        }),
      ],
      file,
    );
    expect(report.refusals).toEqual([
      "aws_subnet.public_subnet_ap_southeast_1a (subnet-0a) would be REPLACED (cidr_block): set publicSubnetCidrs to the console subnets' CIDRs, in zone order",
      "aws_vpc_endpoint.s3_gateway_endpoint (vpce-05) is adopted, but the plan does not import it",
    ]);
  });
});
