import { blockList } from "../../synthesized/stack-json";
import { Rule } from "../finding";

const CERTIFICATE = ["aws_acm_certificate"];
const RECORD = ["aws_route53_record"];

/** checkov's rules for ACM certificates and Route 53 records (the demo's own name). */
export const CERTIFICATE_RULES: readonly Rule[] = [
  {
    id: "CKV_AWS_233",
    title: "ACM certificates are created before they are destroyed",
    on: "resource",
    types: CERTIFICATE,
    test: (c) =>
      !blockList(c.body.lifecycle).some((l) => l.create_before_destroy === true) &&
      "lifecycle.create_before_destroy is not true: a replacement would leave its listeners without a certificate",
  },
  {
    id: "CKV_AWS_234",
    title: "ACM certificates are logged to Certificate Transparency",
    on: "resource",
    types: CERTIFICATE,
    test: (c) =>
      blockList(c.body.options).some((o) => o.certificate_transparency_logging_preference === "DISABLED") &&
      "certificate_transparency_logging_preference is DISABLED: browsers refuse certificates missing from the CT logs",
  },
  {
    id: "CKV2_AWS_71",
    title: "ACM certificates name no wildcard domain",
    on: "resource",
    types: CERTIFICATE,
    test: (c) =>
      [c.body.domain_name, ...(Array.isArray(c.body.subject_alternative_names) ? c.body.subject_alternative_names : [])].some((n) =>
        String(n ?? "").startsWith("*"),
      ) && "a wildcard name: one leaked key serves every name below it",
  },
  {
    id: "CKV2_AWS_23",
    title: "Route 53 A records point at a resource (an alias), not at fixed addresses",
    on: "resource",
    types: RECORD,
    test: (r) =>
      r.body.type === "A" &&
      blockList(r.body.alias).length === 0 &&
      "an A record of fixed addresses: when the address is released, the name points at whoever gets it next",
  },
];
