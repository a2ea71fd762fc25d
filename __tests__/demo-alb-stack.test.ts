import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { DataTerraformRemoteStateLocal } from "cdktn";
import { CERTIFICATE_ARN, DEMO_DOMAIN, demoAlbStack, environment, resources, synthDemoAlb, synthNetwork } from "./support/synth";

const http = synthDemoAlb(environment());
const https = synthDemoAlb(environment({ certificateArn: CERTIFICATE_ARN }));
const domain = synthDemoAlb(environment(DEMO_DOMAIN));
const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09";
const network = (attr: string) => `\${data.terraform_remote_state.network.outputs.${attr}}`;
const ALB = "${aws_lb.api_demo_alb.arn}";
const TARGET_GROUP = "${aws_lb_target_group.eks_api_target_group.arn}";

describe.each([
  ["HTTP only", http],
  ["HTTPS", https],
  ["domain", domain],
])("%s mode", (mode, json) => {
  test("snapshot", () => {
    expect(json).toMatchSnapshot();
  });

  test("has no VPC, subnet or security group of its own (in domain mode, the alias record)", () => {
    const types = Object.keys(JSON.parse(json).resource);
    const own = mode === "domain" ? ["aws_route53_record"] : [];
    expect(types.sort()).toEqual(["aws_lb", "aws_lb_listener", "aws_lb_target_group", ...own]);
  });

  const base = {
    "HTTP only": "http://${aws_lb.api_demo_alb.dns_name}",
    HTTPS: "https://${aws_lb.api_demo_alb.dns_name}",
    domain: "https://forecast.example.com",
  }[mode]!;
  test(`api_demo_config and demo_url use ${base}, and say what port 80 does`, () => {
    const outputs = JSON.parse(json).output;
    expect(outputs.api_demo_config.value).toEqual({
      public_endpoint: base,
      health_check: `${base}/health`,
      predict_endpoint: `${base}/predict`,
      http_port_80:
        mode === "HTTP only" ? expect.stringMatching(/^forwards to the API pods in plain HTTP/) : "redirects (301) to HTTPS on 443",
    });
    expect(outputs.demo_url.value).toBe(base);
    for (const name of ["alb_arn", "alb_dns_name", "alb_zone_id", "eks_api_target_group_arn", "api_demo_config", "demo_url"]) {
      expect(outputs[name].description).toMatch(/\w{3}/);
    }
    // The descriptions name the mode, and never a redirect where port 80 forwards.
    const described = `${outputs.api_demo_config.description} ${outputs.demo_url.description}`;
    expect(described).toMatch(mode === "HTTP only" ? /HTTP only/ : /HTTPS/);
    if (mode === "HTTP only") expect(described).not.toMatch(/redirect/i);
    expect(outputs.alb_arn.value).toBe(ALB);
    expect(outputs.alb_zone_id.value).toBe("${aws_lb.api_demo_alb.zone_id}");
    expect(outputs.eks_api_target_group_arn.value).toBe(TARGET_GROUP);
  });
});

// The mode changes the listeners, the outputs and (domain) the alias record: the snapshots pin the
// rest of each mode, and what it means is asserted once, here, on the HTTP-only stack.
describe("in every mode", () => {
  test("an internet-facing ALB in the network's public subnets, behind the network's ALB group, dropping invalid headers, deletable", () => {
    expect(http).toHaveResourceWithProperties(Lb, {
      internal: false,
      subnets: network("public_alb_subnet_ids"),
      security_groups: [network("alb_security_group_id")],
      drop_invalid_header_fields: true,
      // Deployed to present and destroyed after.
      enable_deletion_protection: false,
    });
  });

  test("an IP target group (the pods themselves) on the API port, in the network's VPC, checked on /health at the traffic port", () => {
    expect(http).toHaveResourceWithProperties(LbTargetGroup, {
      target_type: "ip",
      port: environment().apiTargetPort,
      vpc_id: network("vpc_id"),
    });
    const check = resources(http, "aws_lb_target_group").eks_api_target_group.health_check;
    expect(check.path).toBe("/health");
    // traffic-port: the check follows the target port, so pods on another port stay healthy
    expect(check.port).toBe("traffic-port");
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
    expect(JSON.parse(tuned).output.api_demo_config.value.health_check).toMatch(/\/healthz$/);
  });

  test("reads the network from the state file the network stack writes", () => {
    expect(http).toHaveDataSourceWithProperties(DataTerraformRemoteStateLocal, {
      backend: "local",
      config: { path: JSON.parse(synthNetwork()).terraform.backend.local.path },
    });
  });
});

describe.each([
  ["certificateArn", https, CERTIFICATE_ARN],
  ["domain", domain, network("demo_certificate.arn")],
])("with a certificate (%s)", (_, json, certificate) => {
  test("HTTP:80 redirects to HTTPS:443 with a 301", () => {
    expect(json).toHaveResourceWithProperties(LbListener, {
      load_balancer_arn: ALB,
      protocol: "HTTP",
      port: 80,
      default_action: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } }],
    });
  });

  test("HTTPS:443 with the certificate and AWS's post-quantum TLS 1.3/1.2 policy forwards to the target group", () => {
    expect(json).toHaveResourceWithProperties(LbListener, {
      load_balancer_arn: ALB,
      protocol: "HTTPS",
      port: 443,
      certificate_arn: certificate,
      ssl_policy: TLS_POLICY,
      default_action: [{ type: "forward", target_group_arn: TARGET_GROUP }],
    });
    expect(Object.keys(resources(json, "aws_lb_listener"))).toHaveLength(2);
  });
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

const warnings = (stack: ReturnType<typeof demoAlbStack>) =>
  stack.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => m.data as string);

test("without a certificate the synth carries one warning: HTTP only forwards, and how to get HTTPS on a name", () => {
  const withoutCert = warnings(demoAlbStack(environment()));
  expect(withoutCert).toHaveLength(1);
  expect(withoutCert[0]).toBe(
    "No certificate for prod: the demo ALB serves plain HTTP. HTTPS: set MLOPS_DEMO_DOMAIN_NAME and MLOPS_DEMO_HOSTED_ZONE_ID (docs/demo.md)",
  );
  expect(withoutCert[0]).not.toMatch(/redirect/i);
});

test("with certificateArn the synth warns that the printed https:// name is the ALB's, which the certificate does not cover", () => {
  const [warning, ...more] = warnings(demoAlbStack(environment({ certificateArn: CERTIFICATE_ARN })));
  expect(more).toEqual([]);
  expect(warning).toMatch(/https:\/\/ on the ALB's own name, which no ACM certificate covers/);
  expect(warning).toMatch(/demoDomainName and demoHostedZoneId/);
});

test("the domain mode synthesizes without a warning", () => {
  expect(warnings(demoAlbStack(environment(DEMO_DOMAIN)))).toEqual([]);
});

test("the network stack is the same whatever the demo's certificate", () => {
  expect(synthNetwork(environment({ certificateArn: CERTIFICATE_ARN }))).toBe(synthNetwork(environment()));
});

describe("domain mode: a certificate in the network stack, an alias record with the ALB", () => {
  const networkJson = synthNetwork(environment(DEMO_DOMAIN));

  test("the network holds the certificate for the name, DNS-validated in the zone, and outputs it once issued", () => {
    expect(networkJson).toHaveResourceWithProperties(AcmCertificate, {
      domain_name: "forecast.example.com",
      validation_method: "DNS",
      lifecycle: { create_before_destroy: true },
      options: { certificate_transparency_logging_preference: "ENABLED" },
    });
    const option = (attribute: string) =>
      `\${tolist(aws_acm_certificate.demo_domain_certificate.domain_validation_options).0.resource_record_${attribute}}`;
    expect(networkJson).toHaveResourceWithProperties(Route53Record, {
      zone_id: "Z0123456789ABCDEFGHIJ",
      name: option("name"),
      type: option("type"),
      records: [option("value")],
    });
    expect(networkJson).toHaveResourceWithProperties(AcmCertificateValidation, {
      certificate_arn: "${aws_acm_certificate.demo_domain_certificate.arn}",
      validation_record_fqdns: ["${aws_route53_record.demo_domain_validation_record.fqdn}"],
    });
    expect(JSON.parse(networkJson).output.demo_certificate.value).toEqual({
      arn: "${aws_acm_certificate_validation.demo_domain_certificate_validation.certificate_arn}",
      domain_name: "forecast.example.com",
    });
  });

  test("the demo stack has the alias A record of the name to the ALB, in the zone", () => {
    expect(domain).toHaveResourceWithProperties(Route53Record, {
      zone_id: "Z0123456789ABCDEFGHIJ",
      name: "forecast.example.com",
      type: "A",
      alias: { name: "${aws_lb.api_demo_alb.dns_name}", zone_id: "${aws_lb.api_demo_alb.zone_id}", evaluate_target_health: false },
    });
  });

  test("without the domain settings the network has no certificate (its contract output is null), and nothing else changes", () => {
    expect(synthNetwork(environment())).not.toMatch(/aws_acm_certificate|aws_route53_record/);
    expect(JSON.parse(synthNetwork(environment())).output.demo_certificate.value).toBeNull();
    const strip = (json: string) => {
      const { resource, output, "//": meta, ...rest } = JSON.parse(json);
      delete meta?.outputs?.network?.demo_certificate; // cdktf's display list leaves out null outputs
      if (meta) rest["//"] = meta;
      const { aws_acm_certificate: _a, aws_acm_certificate_validation: _v, aws_route53_record: _r, ...resources } = resource;
      const { demo_certificate: _o, ...outputs } = output;
      return { ...rest, resource: resources, output: outputs };
    };
    expect(strip(networkJson)).toEqual(strip(synthNetwork(environment())));
  });
});

describe("the demo checks the network's state itself", () => {
  const remoteState = (json: string) => JSON.parse(json).data.terraform_remote_state.network;

  test("a missing local state file stops it before the read, with the command that deploys the network", () => {
    expect(JSON.parse(http).locals).toEqual({ network_state_file: JSON.parse(synthNetwork()).terraform.backend.local.path });
    expect(remoteState(http).lifecycle.precondition).toEqual([
      {
        condition: "${fileexists(local.network_state_file)}",
        error_message:
          "No network state (terraform.network.tfstate at the project root): deploy the network stack first: `npx cdktn deploy network`",
      },
    ]);
  });

  test("each output it reads defaults to null, and a postcondition names the missing ones", () => {
    expect(remoteState(http).defaults).toEqual({ vpc_id: null, public_alb_subnet_ids: null, alb_security_group_id: null });
    const [outputs, ...more] = remoteState(http).lifecycle.postcondition;
    expect(more).toEqual([]);
    expect(outputs.error_message).toMatch(/deploy the network stack first: `npx cdktn deploy network`$/);
  });

  test("in domain mode the network's certificate must be for the demo's name", () => {
    expect(remoteState(domain).defaults).toHaveProperty("demo_certificate", null);
    expect(remoteState(domain).lifecycle.postcondition[1]).toEqual({
      condition: '${try(self.outputs.demo_certificate.domain_name, null) == "forecast.example.com"}',
      error_message: expect.stringMatching(
        /no certificate for forecast\.example\.com .*deploy the network stack first: `npx cdktn deploy network`/,
      ),
    });
  });

  test("a non-default environment names its own network stack", () => {
    const dev = JSON.stringify(demoAlbStack(environment({}, "dev"), false).toTerraform());
    expect(dev).toMatch(
      /terraform\.network-dev\.tfstate at the project root\): deploy the network stack first: `npx cdktn deploy network-dev`/,
    );
    expect(dev).not.toMatch(/deploy network`/);
  });

  test("with the S3 backend there is no file to test: only the outputs are checked", () => {
    const s3 = JSON.parse(synthDemoAlb(environment({ state: { backend: "s3", bucket: "my-terraform-state" } })));
    expect(s3.locals).toBeUndefined();
    expect(s3.data.terraform_remote_state.network.lifecycle.precondition).toBeUndefined();
    expect(s3.data.terraform_remote_state.network.lifecycle.postcondition).toHaveLength(1);
  });
});
