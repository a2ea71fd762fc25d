import { placeholderState } from "../../src/terraform/placeholder-state";
import { environment, synthDemoAlb, synthNetwork } from "./synth";
import { initializedWorkdir } from "./terraform";

const DNS = "mlops-hybrid-api-demo-alb-123456789.ap-southeast-1.elb.amazonaws.com";

/** A mocked apply (`terraform test` + mock_provider) asserting the outputs a presenter uses. */
function outputsTest(scheme: "http" | "https", httpAction: "redirect" | "forward"): string {
  return `
mock_provider "aws" {
  mock_resource "aws_lb" {
    defaults = {
      arn      = "arn:aws:elasticloadbalancing:ap-southeast-1:123456789012:loadbalancer/app/mlops-hybrid-api-demo-alb/0123456789abcdef"
      dns_name = "${DNS}"
      zone_id  = "Z1LMS91P8CMLE5"
    }
  }
  mock_resource "aws_lb_target_group" {
    defaults = {
      arn = "arn:aws:elasticloadbalancing:ap-southeast-1:123456789012:targetgroup/mlops-hybrid-eks-api-tg/0123456789abcdef"
    }
  }
}

run "demo_outputs_after_apply" {
  command = apply

  assert {
    condition     = output.alb_dns_name == "${DNS}"
    error_message = "alb_dns_name is not the ALB's DNS name"
  }
  assert {
    condition     = output.api_demo_config.public_endpoint == "${scheme}://${DNS}"
    error_message = "public_endpoint: \${output.api_demo_config.public_endpoint}"
  }
  assert {
    condition     = output.api_demo_config.health_check == "${scheme}://${DNS}/health"
    error_message = "health_check: \${output.api_demo_config.health_check}"
  }
  assert {
    condition     = output.api_demo_config.predict_endpoint == "${scheme}://${DNS}/predict"
    error_message = "predict_endpoint: \${output.api_demo_config.predict_endpoint}"
  }
  assert {
    condition     = output.alb_zone_id == "Z1LMS91P8CMLE5"
    error_message = "alb_zone_id is not the ALB's zone"
  }
  assert {
    condition     = toset(aws_lb.api_demo_alb.subnets) == toset(data.terraform_remote_state.network.outputs.public_alb_subnet_ids)
    error_message = "the ALB is not in the network stack's public subnets"
  }
  assert {
    condition     = aws_lb_target_group.eks_api_target_group.vpc_id == data.terraform_remote_state.network.outputs.vpc_id
    error_message = "the target group is not in the network stack's VPC"
  }
  assert {
    condition     = aws_lb_listener.http_listener.default_action[0].type == "${httpAction}"
    error_message = "the HTTP listener should ${httpAction}"
  }
}
`;
}

/**
 * A mocked apply of the demo-alb stack in one mode, asserting its outputs. (`terraform validate`
 * and the real offline plan of the stack are in terraform-plans.test.ts.) Each mode has its own
 * test file so that Jest runs the two in parallel.
 */
export function describeDemoAlbTerraform(mode: string, certificateArn: string) {
  const scheme = certificateArn ? "https" : "http";
  const httpAction = certificateArn ? "redirect" : "forward";

  describe(`terraform on the synthesized demo-alb stack, ${mode} (offline)`, () => {
    const env = environment({ certificateArn });
    const workdir = initializedWorkdir(`demo-alb-${scheme}`, {
      files: { "cdk.tf.json": synthDemoAlb(env) },
      remoteStates: { network: placeholderState(synthNetwork(env)) },
      testFiles: { "outputs.tftest.hcl": outputsTest(scheme, httpAction) },
    });

    test(`terraform test: after a mocked apply api_demo_config is ${scheme}://`, () => {
      expect(workdir.test()).toMatch(/1 passed, 0 failed/);
    });
  });
}
