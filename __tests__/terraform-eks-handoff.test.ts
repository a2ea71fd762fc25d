import * as fs from "fs";
import * as path from "path";
import { placeholderState } from "../src/terraform/placeholder-state";
import { synthNetwork } from "./support/synth";
import { initializedWorkdir } from "./support/terraform";

const EXAMPLE = path.join(__dirname, "..", "examples", "eks-handoff", "main.tf");

// The example reads the network stack's outputs by name. Its fixture state holds exactly the
// outputs the network stack synthesizes today, so renaming one of them breaks this test.
describe("examples/eks-handoff: plain Terraform reading the network's outputs", () => {
  const workdir = initializedWorkdir("eks-handoff", {
    files: { "main.tf": fs.readFileSync(EXAMPLE, "utf8") },
    remoteStates: { network: placeholderState(synthNetwork()) },
    variables: {
      cluster_role_arn: "arn:aws:iam::123456789012:role/eks-cluster-placeholder",
      node_role_arn: "arn:aws:iam::123456789012:role/eks-nodes-placeholder",
    },
  });

  test("terraform validate", () => {
    expect(workdir.validate()).toEqual({ valid: true, diagnostics: [] });
  });

  test("terraform plan against the network's outputs: the cluster, its nodes and their launch template", () => {
    const plan = workdir.plan();
    expect(plan.add).toEqual({ aws_eks_cluster: 1, aws_launch_template: 1, aws_eks_node_group: 1 });
    expect(plan.outputs).toEqual({ vpc_id: "create", alb_controller_settings: "create" });
  });
});
