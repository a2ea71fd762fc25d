import { KNOWN_ENDPOINTS } from "../src/config/endpoint-catalog";
import { ConfigError, loadProjectConfig } from "../src/config/load";
import { addonImageAccount, DEFAULT_ADDON_IMAGE_ACCOUNT } from "../src/eks/addon-image-registries";
import { ENDPOINT_CALLS } from "../src/eks/endpoint-calls";
import { interfaceEndpointPolicy } from "../src/network/interface-endpoint-policy";
import { admits } from "../src/policy/endpoint-requests";
import { statementsOf } from "../src/policy/policy-document";
import { reachabilityReport } from "../src/reachability/report";
import { environment, resources, synthNetwork } from "./support/synth";

const ACCOUNT = "${aws_vpc.vpc.owner_id}";
const interfaceEndpoints = (json: string) =>
  Object.entries(resources(json, "aws_vpc_endpoint")).filter(([, e]) => e.vpc_endpoint_type === "Interface");

describe("every interface endpoint has a data-perimeter policy by default", () => {
  const everything = synthNetwork(
    environment({
      clusterFeatures: ["irsa", "pod-identity", "load-balancer-controller", "cluster-autoscaler", "eks-api"],
      sagemakerRuntimeEndpoint: true,
      extraInterfaceEndpoints: KNOWN_ENDPOINTS.map((e) => e.service),
    }),
  );

  test("each endpoint of the catalog, each policy starting with the perimeter's own-account statement", () => {
    const endpoints = interfaceEndpoints(everything);
    expect(endpoints.map(([, e]) => e.service_name.split(".").slice(3).join(".")).sort()).toEqual(
      KNOWN_ENDPOINTS.map((e) => e.service).sort(),
    );
    for (const [, e] of endpoints) {
      const statements = statementsOf(e.policy);
      expect(statements[0].conditions).toEqual([
        { operator: "StringEquals", key: "aws:principalaccount", values: [ACCOUNT] },
        { operator: "StringEquals", key: "aws:resourceaccount", values: [ACCOUNT] },
      ]);
    }
  });

  test("a service the catalog does not know gets the fence too", () => {
    const policy = interfaceEndpointPolicy("textract", { region: "eu-west-1", accountId: "123456789012" }) as { Statement: object[] };
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Action: "*",
        Condition: { StringEquals: { "aws:PrincipalAccount": "123456789012", "aws:ResourceAccount": "123456789012" } },
      }),
    ]);
  });

  test("the reachability report shows the cluster's calls admitted and other accounts' refused", () => {
    const report = reachabilityReport({ network: everything, features: ["irsa", "load-balancer-controller"] });
    const section = report.sections.find((s) => s.title.startsWith("Endpoint policies"))!;
    expect(section.checks.map((c) => [c.name, c.ok])).toEqual(
      expect.arrayContaining([
        ["web identity → sts: sts:AssumeRoleWithWebIdentity", true],
        ["this account → ecr.dkr: ecr:GetDownloadUrlForLayer", true],
        ["this account → elasticloadbalancing: elasticloadbalancing:RegisterTargets", true],
        ["other account → logs: logs:PutLogEvents", true],
      ]),
    );
    expect(section.checks.every((c) => c.ok)).toBe(true);
    expect(section.checks).toHaveLength(ENDPOINT_CALLS.length);
  });
});

describe("the add-on image registry follows the region (EKS user guide's table)", () => {
  test.each([
    ["ap-southeast-1", DEFAULT_ADDON_IMAGE_ACCOUNT],
    ["us-east-1", DEFAULT_ADDON_IMAGE_ACCOUNT],
    ["af-south-1", "877085696533"],
    ["ap-east-1", "800184023465"],
    ["cn-north-1", "918309763551"],
    ["us-gov-west-1", "013241004608"],
  ])("%s: %s", (region, account) => {
    expect(addonImageAccount(region)).toBe(account);
    const ecr = resources(synthNetwork(environment({ region })), "aws_vpc_endpoint").ecr_dkr_endpoint;
    const pulls = JSON.parse(ecr.policy).Statement.find((s: { Sid: string }) => s.Sid === "AllowPullsOfEksAddOnImages");
    expect(pulls.Resource).toMatch(new RegExp(`^arn:aws[a-z-]*:ecr:${region}:${account}:repository/\\*$`));
  });

  test("af-south-1's own registry passes, and the reachability report holds there", () => {
    const json = synthNetwork(environment({ region: "af-south-1" }));
    const report = reachabilityReport({ network: json, features: ["irsa", "load-balancer-controller"] });
    expect(report.sections.flatMap((s) => s.checks).filter((c) => !c.ok)).toEqual([]);
  });
});

describe("the endpoint-policy evaluator", () => {
  const statements = statementsOf(
    JSON.stringify({
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "*",
          Resource: "*",
          Condition: { StringEquals: { "aws:PrincipalAccount": "1", "aws:ResourceAccount": "1" } },
        },
        {
          Effect: "Allow",
          Principal: "*",
          Action: "ec2:Describe*",
          Resource: "*",
          Condition: { StringEquals: { "aws:PrincipalAccount": "1" } },
        },
        { Effect: "Deny", Principal: "*", Action: "ec2:DeleteVpc", Resource: "*" },
        {
          Effect: "Allow",
          Principal: "*",
          Action: "s3:GetObject",
          Resource: "arn:aws:s3:::public/*",
          Condition: { StringEqualsIfExists: { "aws:PrincipalAccount": "1" } },
        },
      ],
    }),
  );
  test.each([
    ["this account on its own resource", { action: "ec2:AttachVolume", resource: "arn:aws:ec2:r:1:volume/v", principalAccount: "1" }, true],
    [
      "this account on another's resource",
      { action: "ec2:AttachVolume", resource: "arn:aws:ec2:r:2:volume/v", principalAccount: "1" },
      false,
    ],
    [
      "another account on its own resource",
      { action: "ec2:AttachVolume", resource: "arn:aws:ec2:r:2:volume/v", principalAccount: "2" },
      false,
    ],
    ["a resource-less call admitted by name", { action: "ec2:DescribeInstances", principalAccount: "1" }, true],
    [
      "a resource-less call not named (no resource account to compare)",
      { action: "ec2:GetConsoleScreenshot", principalAccount: "1" },
      false,
    ],
    ["a Deny wins over the Allow", { action: "ec2:DeleteVpc", resource: "arn:aws:ec2:r:1:vpc/v", principalAccount: "1" }, false],
    ["an IfExists condition without its key (unsigned)", { action: "s3:GetObject", resource: "arn:aws:s3:::public/x" }, true],
    ["an unsigned call where the key is required", { action: "ec2:AttachVolume", resource: "arn:aws:ec2:r:1:volume/v" }, false],
  ])("%s", (_, request, expected) => {
    expect(admits(statements, request)).toBe(expected);
  });
});

describe("openEndpointPolicies opens one endpoint, and the reachability report notes it", () => {
  test("the named endpoint keeps AWS's full-access policy, the others keep theirs; the report notes it", () => {
    const json = synthNetwork(environment({ openEndpointPolicies: ["logs"] }));
    const endpoints = Object.fromEntries(interfaceEndpoints(json));
    expect(endpoints.logs_endpoint.policy).toBeUndefined();
    expect(
      Object.entries(endpoints)
        .filter(([, e]) => e.policy === undefined)
        .map(([name]) => name),
    ).toEqual(["logs_endpoint"]);
    const report = reachabilityReport({ network: json, features: ["irsa", "load-balancer-controller"] });
    expect(report.notes).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_vpc_endpoint.logs_endpoint has no endpoint policy/)]));
  });

  test("by variable, and a service without an endpoint in the environment is refused before synth", () => {
    const load = (env: Record<string, string>) => loadProjectConfig({ file: { environments: { prod: {} } }, env }).environments[0];
    expect(load({ MLOPS_OPEN_ENDPOINT_POLICIES: "sts,logs" }).openEndpointPolicies).toEqual(["sts", "logs"]);
    expect(() => load({ MLOPS_OPEN_ENDPOINT_POLICIES: "xray" })).toThrow(ConfigError);
    expect(() => load({ MLOPS_OPEN_ENDPOINT_POLICIES: "xray" })).toThrow(
      /MLOPS_OPEN_ENDPOINT_POLICIES \(prod\.openEndpointPolicies\) = "xray": this environment has no xray interface endpoint \(it has ecr\.api, /,
    );
  });
});
