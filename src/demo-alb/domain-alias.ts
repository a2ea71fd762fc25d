import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Construct } from "constructs";

export interface DemoDomainAliasProps {
  /** The demo's host name, e.g. `forecast.example.com`. */
  readonly domainName: string;
  /** The Route 53 hosted zone that holds the name. */
  readonly hostedZoneId: string;
  /** The ALB's DNS name and its canonical hosted zone id, as the ALB reports them. */
  readonly albDnsName: string;
  readonly albZoneId: string;
}

/**
 * The demo's name as an alias A record to the ALB. It lives and dies with the ALB (demo-alb
 * stack), so after `cdktn destroy demo-alb` no record points at a load balancer that is gone.
 */
export class DemoDomainAlias extends Construct {
  /** The record's name as Route 53 holds it. */
  readonly fqdn: string;

  constructor(scope: Construct, id: string, props: DemoDomainAliasProps) {
    super(scope, id);
    const record = new Route53Record(this, "demo_domain_alias", {
      zoneId: props.hostedZoneId,
      name: props.domainName,
      type: "A",
      // An alias follows the ALB's changing addresses, and Route 53 charges no queries to it.
      alias: { name: props.albDnsName, zoneId: props.albZoneId, evaluateTargetHealth: false },
    });
    this.fqdn = record.fqdn;
  }
}
