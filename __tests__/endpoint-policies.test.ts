import { runSimulation } from "@cloud-copilot/iam-simulate";
import { KNOWN_ENDPOINTS } from "../src/config/endpoint-catalog";
import { ConfigError, loadProjectConfig } from "../src/config/load";
import { addonImageAccount, DEFAULT_ADDON_IMAGE_ACCOUNT } from "../src/eks/addon-image-registries";
import { PUBLISHED_POLICIES, PublishedPolicy } from "../src/eks/published-policies";
import { componentCalls, endpointsOf } from "../src/policy/component-calls";
import { EndpointProof, isWrong, proveEndpointPolicies, ProofVerdict, THIS_ACCOUNT, writtenPolicies } from "../src/policy/endpoint-proof";
import { reachabilityReport } from "../src/reachability/report";
import { environment, resources, synthNetwork } from "./support/synth";

const FEATURES = ["irsa", "load-balancer-controller"] as const;
const interfaceEndpoints = (json: string) =>
  Object.entries(resources(json, "aws_vpc_endpoint")).filter(([, e]) => e.vpc_endpoint_type === "Interface");
const wrong = (proof: EndpointProof): ProofVerdict[] =>
  [...proof.policies.flatMap((p) => p.verdicts), ...proof.awsOwned.flatMap((p) => p.verdicts), ...(proof.registry?.verdicts ?? [])].filter(
    isWrong,
  );
const show = (v: ProofVerdict) => `${v.scenario}: ${v.action} ${v.actual}`;

/** The network stack with one resource's policy replaced, as a hand edit of the stack would. */
function withPolicy(json: string, type: string, name: string, edit: (policy: { Statement: Record<string, unknown>[] }) => void): string {
  const stack = JSON.parse(json);
  const policy = JSON.parse(stack.resource[type][name].policy);
  edit(policy);
  stack.resource[type][name].policy = JSON.stringify(policy);
  return JSON.stringify(stack);
}
const withoutSid = (sid: string) => (p: { Statement: Record<string, unknown>[] }) => {
  p.Statement = p.Statement.filter((s) => s.Sid !== sid);
};

describe("the IAM simulator proves every endpoint policy the network writes", () => {
  const defaults = synthNetwork();
  const everything = synthNetwork(
    environment({
      clusterFeatures: ["irsa", "pod-identity", "load-balancer-controller", "cluster-autoscaler", "eks-api", "operator-access"],
      sagemakerRuntimeEndpoint: true,
      extraInterfaceEndpoints: KNOWN_ENDPOINTS.map((e) => e.service),
    }),
  );

  test("every endpoint of the catalog: each published call passes for this account, fails for any other", async () => {
    const proof = await proveEndpointPolicies(everything);
    expect(wrong(proof).map(show)).toEqual([]);
    const proven = new Set(proof.policies.map((p) => p.endpoint));
    expect([...proven].sort()).toEqual(
      [
        "ec2",
        "ecr.api",
        "ecr.dkr",
        "eks",
        "eks-auth",
        "elasticloadbalancing",
        "ec2messages",
        "logs",
        "monitoring",
        "s3",
        "sagemaker.runtime",
        "ssm",
        "ssmmessages",
        "sts",
        "xray",
      ].sort(),
    );
    // Services no published policy calls: their endpoints are fenced, but nothing exercised them.
    expect(proof.unused).toEqual(["autoscaling", "kms", "sagemaker.api", "secretsmanager"]);
    // Left out only where the region has no endpoint of the service (IAM is global) or the network none.
    expect([...proof.outOfScope.keys()].sort()).toEqual(["acm", "cognito-idp", "iam", "shield", "waf-regional", "wafv2"]);
    expect(proof.registry?.verdicts.length).toBeGreaterThan(0);
  });

  test("the default network: the report counts each endpoint's calls by published policy, and names what it cannot prove", async () => {
    const report = reachabilityReport({ network: defaults, features: FEATURES, endpointProof: await proveEndpointPolicies(defaults) });
    const section = report.sections.find((s) => s.title.startsWith("Endpoint policies"))!;
    expect(section.checks.filter((c) => !c.ok)).toEqual([]);
    const names = section.checks.map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ec2: \d+ calls of AmazonEBSCSIDriverPolicy$/),
        expect.stringMatching(/^elasticloadbalancing: \d+ calls of AWS Load Balancer Controller v3\.5\.0 iam_policy\.json$/),
        "sts: 1 call of IRSA's token exchange",
        "s3: s3:GetObject on an AWS-owned resource",
        "ECR registry policy: 2 grant(s)",
      ]),
    );
    expect(section.checks.find((c) => c.name.includes("AmazonEBSCSIDriverPolicy"))!.reason).toMatch(
      /2 carry no aws:ResourceAccount and are fenced by the principal alone/,
    );
    expect(report.notes).toEqual(
      expect.arrayContaining([expect.stringMatching(/^no monitoring endpoint: 1 call\(s\) of CloudWatchAgentServerPolicy/)]),
    );
  });

  test("without the proof, the report says the section was not checked", () => {
    const section = reachabilityReport({ network: defaults, features: FEATURES }).sections.find((s) =>
      s.title.startsWith("Endpoint policies"),
    )!;
    expect(section.skipped).toMatch(/not run/);
  });

  // What the review of the earlier policies found, each one put back: the simulator must see it.
  test.each([
    [
      "the fence for requests without a resource account is gone: the EBS CSI driver's CreateVolume and every Describe are refused",
      (json: string) => withPolicy(json, "aws_vpc_endpoint", "ec2_endpoint", withoutSid("AllowThisAccountsPrincipalsCallsWithoutResource")),
      ["this account: ec2:CreateVolume refused", "this account: ec2:DescribeInstances refused"],
    ],
    [
      "the AMI statement admits any owner's public image",
      (json: string) =>
        withPolicy(json, "aws_vpc_endpoint", "ec2_endpoint", (p) => {
          const amis = p.Statement.find((s) => s.Sid === "AllowAmazonOwnedImages")!;
          amis.Condition = {
            StringEquals: {
              "aws:PrincipalAccount": (amis.Condition as Record<string, Record<string, string>>).StringEquals["aws:PrincipalAccount"],
            },
          };
        }),
      ["look-alike: ec2:RunInstances admitted"],
    ],
    [
      "the S3 gateway fences the bucket's account but not the caller's",
      (json: string) =>
        withPolicy(json, "aws_vpc_endpoint", "s3_gateway_endpoint", (p) => {
          const own = p.Statement.find((s) => s.Sid === "AllowThisAccountsBuckets")!;
          delete (own.Condition as Record<string, Record<string, string>>).StringEquals["aws:PrincipalAccount"];
        }),
      [
        "another account's principal: s3:GetObject admitted",
        "another account's principal: s3:ListBucket admitted",
        "another account's principal: s3:PutObject admitted",
      ],
    ],
    [
      "web identity admitted to any account's role",
      (json: string) =>
        withPolicy(json, "aws_vpc_endpoint", "sts_endpoint", (p) => {
          p.Statement.find((s) => s.Sid === "AllowWebIdentityToThisAccountsRoles")!.Resource = "arn:aws:iam::*:role/*";
        }),
      ["another account's resource: sts:AssumeRoleWithWebIdentity admitted"],
    ],
    [
      "the registry policy's grant without the principal fence",
      (json: string) =>
        withPolicy(json, "aws_ecr_registry_policy", "ecr_public_cache_registry_policy", (p) => {
          delete p.Statement[0].Condition;
        }),
      ["another account's principal: ecr:BatchImportUpstreamImage admitted", "another account's principal: ecr:CreateRepository admitted"],
    ],
  ])("%s", async (_, edit, expected) => {
    const found = [...new Set(wrong(await proveEndpointPolicies(edit(defaults))).map(show))];
    expect(found).toEqual(expect.arrayContaining(expected));
  });

  test("a network path to another account, whose request carries no aws:ResourceAccount, is refused through the EC2 endpoint", async () => {
    const ec2 = writtenPolicies(defaults).endpoints.get("ec2")!.document!;
    const request = async (action: string, resource: string) =>
      runSimulation(
        {
          request: {
            principal: `arn:aws:iam::${THIS_ACCOUNT}:role/caller`,
            action,
            resource: { resource, accountId: THIS_ACCOUNT },
            contextVariables: { "aws:PrincipalAccount": THIS_ACCOUNT },
          },
          identityPolicies: [],
          serviceControlPolicies: [],
          resourceControlPolicies: [],
          vpcEndpointPolicies: [{ name: "ec2", policy: ec2 }],
        },
        {},
      );
    const endpointResult = (r: Awaited<ReturnType<typeof runSimulation>>) =>
      r.resultType === "single" ? r.result.analysis.endpointAnalysis?.result : r.resultType;
    expect(endpointResult(await request("ec2:CreateVpcPeeringConnection", `arn:aws:ec2:ap-southeast-1:${THIS_ACCOUNT}:vpc/vpc-1`))).toBe(
      "ExplicitlyDenied",
    );
    // Copies of another account's AMI or snapshot carry no aws:ResourceAccount either: denied by name.
    for (const [action, resource] of [
      ["ec2:CopyImage", "arn:aws:ec2:ap-southeast-1::image/ami-1"],
      ["ec2:CopySnapshot", "arn:aws:ec2:ap-southeast-1::snapshot/snap-1"],
    ])
      expect(endpointResult(await request(action, resource))).toBe("ExplicitlyDenied");
    // Other calls without aws:ResourceAccount still pass: the EBS CSI driver's volumes.
    expect(endpointResult(await request("ec2:CreateVolume", `arn:aws:ec2:ap-southeast-1:${THIS_ACCOUNT}:volume/vol-1`))).toBe("Allowed");
  });

  test("openEndpointPolicies: the named endpoint keeps AWS's full access, and the report says any account passes it", async () => {
    const json = synthNetwork(environment({ openEndpointPolicies: ["logs"] }));
    const endpoints = Object.fromEntries(interfaceEndpoints(json));
    expect(
      Object.entries(endpoints)
        .filter(([, e]) => e.policy === undefined)
        .map(([name]) => name),
    ).toEqual(["logs_endpoint"]);
    const report = reachabilityReport({ network: json, features: FEATURES, endpointProof: await proveEndpointPolicies(json) });
    expect(report.notes).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_vpc_endpoint.logs_endpoint has no endpoint policy/)]));
    expect(report.sections.flatMap((s) => s.checks).filter((c) => !c.ok)).toEqual([]);
  });
});

describe("the calls come from the published policies, read with AWS's authorization data", () => {
  const policy = (statements: Record<string, unknown>[]): PublishedPolicy => ({
    name: "test",
    holder: "a test role",
    document: { Statement: statements },
    source: "here",
  });

  test("a wildcard is every action AWS's data has for it; an action with no resource names none", async () => {
    const calls = await componentCalls([policy([{ Effect: "Allow", Action: "ec2:DescribeVpc*", Resource: "*" }])]);
    expect(calls.map((c) => c.action)).toEqual(
      expect.arrayContaining([
        "ec2:DescribeVpcs",
        "ec2:DescribeVpcAttribute",
        "ec2:DescribeVpcEndpoints",
        "ec2:DescribeVpcPeeringConnections",
      ]),
    );
    const describeVpcs = calls.find((c) => c.action === "ec2:DescribeVpcs")!;
    expect(describeVpcs.resource === undefined && !describeVpcs.carriesResourceAccount && describeVpcs.endpoints.join()).toBe("ec2");
  });

  test("each resource type an action requires, and of a statement's patterns only those the action takes", async () => {
    const calls = await componentCalls([
      policy([
        { Effect: "Allow", Action: "ec2:CreateNetworkInterface", Resource: "*" },
        {
          Effect: "Allow",
          Action: ["ec2:CreateVolume", "ec2:EnableFastSnapshotRestores"],
          Resource: ["arn:aws:ec2:*:*:volume/*", "arn:aws:ec2:*:*:snapshot/*"],
        },
      ]),
    ]);
    expect(calls.map((c) => `${c.action} ${c.resource} ${c.carriesResourceAccount}`)).toEqual([
      "ec2:CreateNetworkInterface arn:${Partition}:ec2:${Region}:${Account}:network-interface/example true",
      "ec2:CreateNetworkInterface arn:${Partition}:ec2:${Region}:${Account}:subnet/example true",
      // AWS lists CreateVolume among the actions whose request has no aws:ResourceAccount.
      "ec2:CreateVolume arn:${Partition}:ec2:${Region}:${Account}:volume/example false",
      // AWS writes a snapshot's ARN without its account.
      "ec2:CreateVolume arn:${Partition}:ec2:${Region}::snapshot/example false",
      // It takes no volume: the statement's volume pattern is for CreateVolume only.
      "ec2:EnableFastSnapshotRestores arn:${Partition}:ec2:${Region}::snapshot/example true",
    ]);
  });

  test.each([
    ["ecr:GetAuthorizationToken", ["ecr.api"]],
    ["ecr:BatchGetImage", ["ecr.api", "ecr.dkr"]],
    ["cloudwatch:PutMetricData", ["monitoring"]],
    ["sagemaker:InvokeEndpoint", ["sagemaker.runtime"]],
    ["sagemaker:CreateModel", ["sagemaker.api"]],
    ["s3:GetObject", ["s3"]],
  ])("%s goes through %j", (action, endpoints) => {
    expect(endpointsOf(action)).toEqual(endpoints);
  });

  test("every published policy yields calls, and every document names its source", async () => {
    const calls = await componentCalls();
    for (const p of PUBLISHED_POLICIES) {
      expect(p.source).toMatch(/https:\/\/|src\//);
      expect(calls.filter((c) => c.policy === p).length).toBeGreaterThan(0);
    }
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

  test("af-south-1's own registry passes the simulator, and China's partition too", async () => {
    for (const region of ["af-south-1", "cn-north-1"]) {
      const json = synthNetwork(environment({ region }));
      const proof = await proveEndpointPolicies(json);
      expect(wrong(proof).map(show)).toEqual([]);
      expect(proof.awsOwned.find((p) => p.call.endpoint === "ecr.dkr")!.verdicts[0].resource).toContain(`:${addonImageAccount(region)}:`);
    }
  });
});

describe("openEndpointPolicies in the configuration", () => {
  test("by variable, and a service without an endpoint in the environment is refused before synth", () => {
    const load = (env: Record<string, string>) => loadProjectConfig({ file: { environments: { prod: {} } }, env }).environments[0];
    expect(load({ MLOPS_OPEN_ENDPOINT_POLICIES: "sts,logs" }).openEndpointPolicies).toEqual(["sts", "logs"]);
    expect(() => load({ MLOPS_OPEN_ENDPOINT_POLICIES: "xray" })).toThrow(ConfigError);
    expect(() => load({ MLOPS_OPEN_ENDPOINT_POLICIES: "xray" })).toThrow(
      /MLOPS_OPEN_ENDPOINT_POLICIES \(prod\.openEndpointPolicies\) = "xray": this environment has no xray interface endpoint \(it has ecr\.api, /,
    );
  });
});
