// The demo-alb stack's `terraform test` runs: planned with a mock provider whose values are known at
// plan time, the outputs a presenter uses are asserted (terraform-plans.test.ts runs them beside the
// plans). A plan, not an apply: every value asserted is the mock's, and an apply would only add an
// apply and a destroy, each starting the provider again for its schema.

const DEMO_DNS = "mlops-hybrid-api-demo-alb-123456789.ap-southeast-1.elb.amazonaws.com";

/**
 * The mock provider: the ALB's DNS name and zone as AWS would give them, ARN-shaped ARNs, used
 * during the plan (`override_during`, Terraform 1.11+).
 */
export const DEMO_MOCK_PROVIDER = `
mock_provider "aws" {
  override_during = plan
  mock_resource "aws_lb" {
    defaults = {
      arn      = "arn:aws:elasticloadbalancing:ap-southeast-1:123456789012:loadbalancer/app/mlops-hybrid-api-demo-alb/0123456789abcdef"
      dns_name = "${DEMO_DNS}"
      zone_id  = "Z1LMS91P8CMLE5"
    }
  }
  mock_resource "aws_lb_target_group" {
    defaults = {
      arn = "arn:aws:elasticloadbalancing:ap-southeast-1:123456789012:targetgroup/mlops-hybrid-eks-api-tg/0123456789abcdef"
    }
  }
}
`;

/**
 * A mocked plan of one mode asserting the outputs a presenter uses; `source`: its module folder;
 * `host`: the name the URLs use (the ALB's own, or the demo's domain).
 */
export function demoOutputsRun(name: string, scheme: "http" | "https", source: string, host = DEMO_DNS): string {
  const httpAction = scheme === "https" ? "redirect" : "forward";
  const base = `${scheme}://${host}`;
  return `
run "${name}" {
  command = plan
  module {
    source = "${source}"
  }
  assert {
    condition     = output.alb_dns_name == "${DEMO_DNS}"
    error_message = "alb_dns_name is not the ALB's DNS name"
  }
  assert {
    condition     = output.api_demo_config.public_endpoint == "${base}"
    error_message = "public_endpoint: \${output.api_demo_config.public_endpoint}"
  }
  assert {
    condition     = output.api_demo_config.health_check == "${base}/health"
    error_message = "health_check: \${output.api_demo_config.health_check}"
  }
  assert {
    condition     = output.api_demo_config.predict_endpoint == "${base}/predict"
    error_message = "predict_endpoint: \${output.api_demo_config.predict_endpoint}"
  }
  assert {
    condition     = output.demo_url == "${base}"
    error_message = "demo_url: \${output.demo_url}"
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
  }${host === DEMO_DNS ? "" : domainAsserts(host)}
}
`;
}

/** The domain mode's own: the name's alias to the ALB, and the network's certificate on the HTTPS listener. */
function domainAsserts(host: string): string {
  return `
  assert {
    condition     = aws_route53_record.demo_domain_alias.name == "${host}" && aws_route53_record.demo_domain_alias.alias[0].name == "${DEMO_DNS}"
    error_message = "the demo's name is not an alias of the ALB"
  }
  assert {
    condition     = aws_lb_listener.https_listener.certificate_arn == data.terraform_remote_state.network.outputs.demo_certificate.arn
    error_message = "the HTTPS listener does not use the network's demo certificate"
  }`;
}
