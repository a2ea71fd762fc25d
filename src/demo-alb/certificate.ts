import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Construct } from "constructs";

/** The network stack's output holding `{ arn, domain_name }` of the demo certificate, read by the demo-alb stack. */
export const DEMO_CERTIFICATE_OUTPUT = "demo_certificate";

export interface DemoCertificateProps {
  /** The demo's host name, e.g. `forecast.example.com`; one name, no wildcard. */
  readonly domainName: string;
  /** The Route 53 hosted zone that holds the name: ACM's validation record goes there. */
  readonly hostedZoneId: string;
}

/**
 * A public ACM certificate for the demo's own name, validated through a DNS record in the team's
 * hosted zone. It is free and takes minutes to validate, so it lives in the always-on network stack
 * and outlives every demo ALB; ACM renews it by itself while the validation record stays.
 */
export class DemoCertificate extends Construct {
  /** The certificate's ARN once ACM has issued it: a listener given it never sees a pending certificate. */
  readonly issuedArn: string;

  constructor(scope: Construct, id: string, props: DemoCertificateProps) {
    super(scope, id);
    const certificate = new AcmCertificate(this, "demo_domain_certificate", {
      domainName: props.domainName,
      validationMethod: "DNS",
      // Browsers refuse certificates missing from the Certificate Transparency logs.
      options: { certificateTransparencyLoggingPreference: "ENABLED" },
      // A renamed demo gets its new certificate before the old one goes, so a listener never lacks one.
      lifecycle: { createBeforeDestroy: true },
      tags: { Name: props.domainName },
    });
    // One name, so one validation option: ACM's CNAME for it, the same for every certificate of the
    // name in the account, which is why an existing record may be taken over.
    const option = certificate.domainValidationOptions.get(0);
    const record = new Route53Record(this, "demo_domain_validation_record", {
      zoneId: props.hostedZoneId,
      name: option.resourceRecordName,
      type: option.resourceRecordType,
      records: [option.resourceRecordValue],
      ttl: 300,
      allowOverwrite: true,
    });
    const validation = new AcmCertificateValidation(this, "demo_domain_certificate_validation", {
      certificateArn: certificate.arn,
      validationRecordFqdns: [record.fqdn],
    });
    this.issuedArn = validation.certificateArn;
  }
}
