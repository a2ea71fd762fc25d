import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { DataTerraformRemoteStateLocal } from "cdktf";
import { CERTIFICATE_ARN, demoAlbStack, environment, resources, synthDemoAlb, synthNetwork } from "./support/synth";

const http = synthDemoAlb(environment());
const https = synthDemoAlb(environment({ certificateArn: CERTIFICATE_ARN }));
const network = (attr: string) => `\${data.terraform_remote_state.network.outputs.${attr}}`;
const ALB = "${aws_lb.api_demo_alb.arn}";
const TARGET_GROUP = "${aws_lb_target_group.eks_api_target_group.arn}";

describe.each([
  ["HTTP only", http],
  ["HTTPS", https],
])("%s mode", (mode, json) => {
  test("snapshot", () => {
    expect(json).toMatchSnapshot();
  });

  test("internet-facing application ALB in both public subnets with the ALB SG", () => {
    expect(json).toHaveResourceWithProperties(Lb, {
      name: "mlops-hybrid-api-demo-alb",
      internal: false,
      load_balancer_type: "application",
      ip_address_type: "ipv4",
      subnets: network("public_alb_subnet_ids"),
      security_groups: [network("alb_security_group_id")],
      drop_invalid_header_fields: true,
      enable_deletion_protection: false,
    });
  });

  test("IP target group HTTP:80 in the VPC with the seed's /health check", () => {
    expect(json).toHaveResourceWithProperties(LbTargetGroup, {
      name: "mlops-hybrid-eks-api-tg",
      target_type: "ip",
      protocol: "HTTP",
      port: 80,
      vpc_id: network("vpc_id"),
    });
    const check = resources(json, "aws_lb_target_group").eks_api_target_group.health_check;
    expect(check.protocol).toBe("HTTP");
    expect(check.path).toBe("/health");
    // traffic-port: the check follows the target port, so pods on another port stay healthy
    expect(check.port).toBe("traffic-port");
    expect(check.healthy_threshold).toBe(2);
    expect(check.unhealthy_threshold).toBe(2);
    expect(check.timeout).toBe(5);
    expect(check.interval).toBe(30);
    expect(check.matcher).toBe("200");
  });

  test("the ALB settings come from the configuration: API port, idle timeout, health check", () => {
    const tuned = synthDemoAlb(
      environment({
        apiTargetPort: 8080,
        albIdleTimeoutSeconds: 120,
        healthCheckPath: "/healthz",
        healthCheckIntervalSeconds: 10,
        healthCheckTimeoutSeconds: 3,
        healthCheckHealthyThreshold: 3,
        healthCheckUnhealthyThreshold: 4,
      }),
    );
    const group = resources(tuned, "aws_lb_target_group").eks_api_target_group;
    expect([group.port, group.health_check]).toEqual([
      8080,
      expect.objectContaining({
        port: "traffic-port",
        path: "/healthz",
        interval: 10,
        timeout: 3,
        healthy_threshold: 3,
        unhealthy_threshold: 4,
      }),
    ]);
    expect(resources(tuned, "aws_lb").api_demo_alb.idle_timeout).toBe(120);
    expect(resources(json, "aws_lb").api_demo_alb.idle_timeout).toBe(60);
    expect(JSON.parse(tuned).output.api_demo_config.value.health_check).toMatch(/\/healthz$/);
  });

  test("reads the network from the network stack's local state", () => {
    expect(json).toHaveDataSourceWithProperties(DataTerraformRemoteStateLocal, {
      backend: "local",
      config: { path: "../../../terraform.network.tfstate" },
    });
  });

  test("has no VPC, subnet or security group of its own", () => {
    const types = Object.keys(JSON.parse(json).resource);
    expect(types.sort()).toEqual(["aws_lb", "aws_lb_listener", "aws_lb_target_group"]);
  });

  test(`api_demo_config uses ${mode === "HTTPS" ? "https" : "http"}://`, () => {
    const scheme = mode === "HTTPS" ? "https" : "http";
    const outputs = JSON.parse(json).output;
    const dns = "${aws_lb.api_demo_alb.dns_name}";
    expect(outputs.api_demo_config.value).toEqual({
      public_endpoint: `${scheme}://${dns}`,
      health_check: `${scheme}://${dns}/health`,
      predict_endpoint: `${scheme}://${dns}/predict`,
    });
    for (const name of ["alb_arn", "alb_dns_name", "alb_zone_id", "eks_api_target_group_arn", "api_demo_config"]) {
      expect(outputs[name].description).toMatch(/\w{3}/);
    }
    expect(outputs.alb_arn.value).toBe(ALB);
    expect(outputs.alb_zone_id.value).toBe("${aws_lb.api_demo_alb.zone_id}");
    expect(outputs.eks_api_target_group_arn.value).toBe(TARGET_GROUP);
  });
});

test("with a certificate: HTTP:80 redirects to HTTPS:443 with a 301", () => {
  expect(https).toHaveResourceWithProperties(LbListener, {
    load_balancer_arn: ALB,
    protocol: "HTTP",
    port: 80,
    default_action: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } }],
  });
});

test("with a certificate: HTTPS:443 with the certificate and a TLS 1.3/1.2 policy forwards to the target group", () => {
  expect(https).toHaveResourceWithProperties(LbListener, {
    load_balancer_arn: ALB,
    protocol: "HTTPS",
    port: 443,
    certificate_arn: CERTIFICATE_ARN,
    ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
    default_action: [{ type: "forward", target_group_arn: TARGET_GROUP }],
  });
  expect(Object.keys(resources(https, "aws_lb_listener"))).toHaveLength(2);
});

test("without a certificate: one HTTP:80 listener forwarding to the target group", () => {
  const listeners = Object.values(resources(http, "aws_lb_listener"));
  expect(listeners).toHaveLength(1);
  expect(http).toHaveResourceWithProperties(LbListener, {
    protocol: "HTTP",
    port: 80,
    default_action: [{ type: "forward", target_group_arn: TARGET_GROUP }],
  });
  expect(http).not.toMatch(/certificate_arn|ssl_policy/);
});

test("without a certificate the synth carries one warning naming the setting", () => {
  const warnings = (stack: ReturnType<typeof demoAlbStack>) =>
    stack.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => m.data as string);
  const withoutCert = warnings(demoAlbStack(environment()));
  expect(withoutCert).toHaveLength(1);
  expect(withoutCert[0]).toMatch(/environments\.prod\.certificateArn/);
  expect(withoutCert[0]).toMatch(
    /MLOPS_ENV=prod CERTIFICATE_ARN=arn:aws:acm:ap-southeast-1:<account>:certificate\/<id> npx cdktf deploy demo-alb$/,
  );
  expect(withoutCert[0]).toMatch(/HTTP/);
  expect(warnings(demoAlbStack(environment({ certificateArn: CERTIFICATE_ARN })))).toEqual([]);
});

test("the network stack is the same whatever the demo's certificate", () => {
  expect(synthNetwork(environment({ certificateArn: CERTIFICATE_ARN }))).toBe(synthNetwork(environment()));
});
