import { AddressedResource, blockList, refersTo, resourcesOf, ResourceBody } from "../../synthesized/stack-json";
import { Rule } from "../finding";

const LB = ["aws_lb", "aws_alb"];
const LISTENER = ["aws_lb_listener", "aws_alb_listener"];
const TARGET_GROUP = ["aws_lb_target_group", "aws_alb_target_group"];

/** Security policies that allow nothing older than TLS 1.2 (CKV_AWS_103). */
const TLS12_POLICY_PREFIXES = ["ELBSecurityPolicy-FS-1-2", "ELBSecurityPolicy-TLS-1-2", "ELBSecurityPolicy-TLS13"];
/** Security policies with weak ciphers (CKV2_AWS_74); the default when none is set is the first. */
const WEAK_POLICIES = [
  "ELBSecurityPolicy-2016-08",
  "ELBSecurityPolicy-2015-05",
  "ELBSecurityPolicy-TLS-1-0-2015-04",
  "ELBSecurityPolicy-TLS-1-1-2017-01",
  "ELBSecurityPolicy-2015-03",
  "ELBSecurityPolicy-2015-02",
  "ELBSecurityPolicy-2014-10",
  "ELBSecurityPolicy-Default",
  "ELBSecurityPolicy-2014-01",
];
/**
 * AWS's hybrid post-quantum policies (2025-09 and later, TLS 1.2 or 1.3 at least, by name): ML-KEM
 * key exchange for clients that offer it, classical ECDHE for the others, so they cost no client.
 */
const POST_QUANTUM_POLICY = /^ELBSecurityPolicy-TLS13-1-[23]-(\w+-)*PQ-\d{4}-\d{2}$/;
const TLS_PROTOCOLS = ["HTTPS", "TLS"];
const LAYER4_PROTOCOLS = ["TCP", "UDP", "TCP_UDP"];

const lbType = (body: ResourceBody) => body.load_balancer_type ?? "application";
const protocolOf = (listener: ResourceBody) => String(listener.protocol ?? "HTTP").toUpperCase();

/** The listener's default action redirects to HTTPS (on port 443 when `port443`). */
function redirectsToHttps(listener: ResourceBody, port443 = false): boolean {
  return blockList(listener.default_action).some(
    (a) => a.type === "redirect" && blockList(a.redirect).some((r) => r.protocol === "HTTPS" && (!port443 || String(r.port) === "443")),
  );
}

/** The load balancer of a listener, when it is in this stack. */
const lbOf = (listener: AddressedResource, lbs: AddressedResource[]) =>
  lbs.find((lb) => refersTo(listener.body.load_balancer_arn, lb.address));

export const LOAD_BALANCER_RULES: readonly Rule[] = [
  {
    id: "CKV_AWS_91 / ELB.5",
    title: "Load balancers write access logs",
    on: "resource",
    types: LB,
    test: (lb) => lbType(lb.body) !== "gateway" && !blockList(lb.body.access_logs).some((l) => l.enabled === true) && "access logs are off",
  },
  {
    id: "CKV_AWS_131 / ELB.4",
    title: "Application load balancers drop invalid HTTP header fields",
    on: "resource",
    types: LB,
    test: (lb) =>
      lbType(lb.body) === "application" && lb.body.drop_invalid_header_fields !== true && "drop_invalid_header_fields is not true",
  },
  {
    id: "CKV_AWS_150 / ELB.6",
    title: "Load balancers have deletion protection",
    on: "resource",
    types: LB,
    test: (lb) => lb.body.enable_deletion_protection !== true && "enable_deletion_protection is not true",
  },
  {
    id: "CKV_AWS_328 / ELB.12",
    title: "Load balancers use the defensive or strictest desync mitigation mode",
    on: "resource",
    types: LB,
    test: (lb) => lb.body.desync_mitigation_mode === "monitor" && "desync_mitigation_mode is monitor",
  },
  {
    id: "CKV_AWS_152",
    title: "Network and gateway load balancers balance across zones",
    on: "resource",
    types: LB,
    test: (lb) =>
      lbType(lb.body) !== "application" && lb.body.enable_cross_zone_load_balancing !== true && "cross-zone load balancing is off",
  },
  {
    id: "CKV2_AWS_28",
    title: "Internet-facing application load balancers are protected by a WAF web ACL",
    on: "resource",
    types: LB,
    test: (lb, { stack }) =>
      lb.body.internal !== true &&
      lbType(lb.body) === "application" &&
      !["aws_wafv2_web_acl_association", "aws_wafregional_web_acl_association"].some((t) =>
        resourcesOf(stack, t).some((w) => refersTo(w.body, lb.address)),
      ) &&
      "internet-facing and no WAF web ACL is associated",
  },
  {
    id: "CKV2_AWS_20 / ELB.1",
    title: "HTTP listeners of application load balancers redirect to HTTPS on 443",
    on: "resource",
    types: LISTENER,
    test: (l) => protocolOf(l.body) === "HTTP" && !redirectsToHttps(l.body, true) && "an HTTP listener that does not redirect to HTTPS:443",
  },
  {
    id: "CKV_AWS_2",
    title: "Listeners use HTTPS (or redirect to it)",
    on: "resource",
    types: LISTENER,
    test: (l) =>
      ![...TLS_PROTOCOLS, ...LAYER4_PROTOCOLS].includes(protocolOf(l.body)) &&
      !redirectsToHttps(l.body) &&
      `${protocolOf(l.body)} without a redirect to HTTPS`,
  },
  {
    id: "CKV_AWS_103 / ELB.17",
    title: "Listeners use TLS 1.2 or later",
    on: "resource",
    types: LISTENER,
    test: (l, { stack }) => {
      const protocol = protocolOf(l.body);
      if (LAYER4_PROTOCOLS.includes(protocol) || redirectsToHttps(l.body)) return undefined;
      if (lbType(lbOf(l, [...LB.flatMap((t) => resourcesOf(stack, t))])?.body ?? {}) === "gateway") return undefined;
      if (!TLS_PROTOCOLS.includes(protocol)) return `${protocol} carries the traffic in clear text`;
      const policy = String(l.body.ssl_policy ?? "");
      return (
        !TLS12_POLICY_PREFIXES.some((p) => policy.startsWith(p)) &&
        `ssl_policy ${policy || "(default ELBSecurityPolicy-2016-08)"} allows TLS older than 1.2`
      );
    },
  },
  {
    id: "CKV2_AWS_74",
    title: "TLS listeners use a security policy without weak ciphers",
    on: "resource",
    types: LISTENER,
    test: (l) =>
      TLS_PROTOCOLS.includes(protocolOf(l.body)) &&
      (!l.body.ssl_policy || WEAK_POLICIES.includes(l.body.ssl_policy)) &&
      `ssl_policy ${l.body.ssl_policy ?? "(default)"} has weak ciphers`,
  },
  {
    id: "MLOPS_ELB_1",
    title: "TLS listeners use a hybrid post-quantum security policy (AWS recommends ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09)",
    on: "resource",
    types: LISTENER,
    test: (l) =>
      TLS_PROTOCOLS.includes(protocolOf(l.body)) &&
      !POST_QUANTUM_POLICY.test(String(l.body.ssl_policy ?? "")) &&
      `ssl_policy ${l.body.ssl_policy ?? "(default ELBSecurityPolicy-2016-08)"} has no post-quantum key exchange; use ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09`,
  },
  {
    id: "CKV_AWS_261",
    title: "HTTP and HTTPS target groups define a health check path",
    on: "resource",
    types: TARGET_GROUP,
    test: (tg) =>
      ["HTTP", "HTTPS"].includes(tg.body.protocol) &&
      !blockList(tg.body.health_check).some((h) => h.path && h.enabled !== false) &&
      "no enabled health check with a path",
  },
  {
    id: "CKV_AWS_378",
    title: "Target groups do not use plain HTTP, unless only TLS listeners forward to them",
    on: "resource",
    types: TARGET_GROUP,
    test: (tg, { stack }) => {
      if (tg.body.protocol !== "HTTP") return undefined;
      const forwarding = LISTENER.flatMap((t) => resourcesOf(stack, t)).filter((l) => refersTo(l.body.default_action, tg.address));
      const plain = forwarding.filter((l) => protocolOf(l.body) === "HTTP");
      // checkov fails it too when a plain HTTP listener forwards to it beside an HTTPS one.
      if (plain.length > 0) return `HTTP target group behind a plain HTTP listener (${plain.map((l) => l.address).join(", ")})`;
      return forwarding.length === 0 && "HTTP target group behind no HTTPS listener";
    },
  },
];
