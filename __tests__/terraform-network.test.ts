import { OfflineWorkdir, PlanSummary } from "../src/terraform/workdir";
import { formatPreview } from "../src/tools/preview";
import { environment, synthNetwork } from "./support/synth";
import { initializedWorkdir } from "./support/terraform";

/**
 * What the default network is made of, resource by resource: the seed's 41 plus the endpoints a
 * private cluster needs (ec2, sts, elasticloadbalancing) and the ALB's egress split by port.
 */
const DEFAULT_NETWORK = {
  aws_vpc: 1,
  aws_default_security_group: 1,
  aws_internet_gateway: 1,
  aws_route_table: 2,
  aws_route: 1,
  aws_subnet: 4,
  aws_route_table_association: 4,
  aws_security_group: 4,
  aws_vpc_security_group_ingress_rule: 9,
  aws_vpc_security_group_egress_rule: 7,
  aws_vpc_endpoint: 7,
  aws_cloudwatch_log_group: 1,
  aws_iam_role: 1,
  aws_iam_role_policy: 1,
  aws_flow_log: 1,
};

describe("terraform on the synthesized network stack (offline)", () => {
  let workdir: OfflineWorkdir;
  let plan: PlanSummary;

  beforeAll(() => {
    workdir = initializedWorkdir("network", { files: { "cdk.tf.json": synthNetwork() } });
    plan = workdir.plan();
  });

  test("terraform validate", () => {
    expect(workdir.validate()).toEqual({ valid: true, diagnostics: [] });
  });

  test("terraform plan adds the default network's 45 resources and nothing else", () => {
    expect(plan.add).toEqual(DEFAULT_NETWORK);
    expect(Object.values(plan.add).reduce((a, b) => a + b)).toBe(45);
    expect(plan.change).toBe(0);
    expect(plan.destroy).toBe(0);
  });

  test("the plan creates every output but the null SageMaker runtime one", () => {
    const created = Object.keys(plan.outputs).filter((name) => plan.outputs[name] === "create");
    expect(created).toEqual(
      expect.arrayContaining(["vpc_id", "public_alb_subnet_ids", "private_workload_subnet_ids", "eks_nodes_security_group_id"]),
    );
    expect(plan.outputs.sagemaker_runtime_vpc_endpoint_id).toBe("noop");
  });

  test("npm run preview prints this plan as a summary by type, and the outputs", () => {
    const outputValues = { vpc_cidr_block: "10.0.0.0/16", vpc_id: "(known after apply)" };
    const text = formatPreview(environment(), [{ stack: "network", plan: { ...plan, outputValues } }]);
    expect(text).toMatch(/Stack network: 45 to add, 0 to change, 0 to destroy/);
    expect(text).toMatch(/^ +9 +aws_vpc_security_group_ingress_rule$/m);
    expect(text).toMatch(/^ +vpc_cidr_block = "10\.0\.0\.0\/16"$/m);
    expect(text).toMatch(/^ +vpc_id = "\(known after apply\)"$/m);
  });
});
