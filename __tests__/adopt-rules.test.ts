import { ConsoleRule, matchRules } from "../src/adopt/rule-matching";
import { layeredRules } from "../src/network/security-group-rules";

const groups = { alb: "sg-0a", eksNodes: "sg-0b", eksControlPlane: "sg-0c", vpcEndpoints: "sg-0d" };
const design = layeredRules({ vpcCidr: "10.0.0.0/16", s3PrefixListId: "pl-0s" });
const name = (key: string) => `mlops-${key}`;
let n = 0;
const rule = (r: Omit<ConsoleRule, "ruleId">): ConsoleRule => ({ ruleId: `sgr-${(++n).toString(16).padStart(4, "0")}`, ...r });

describe("matching the console's security group rules to the design's", () => {
  test("same group, direction, port and peer: imported as it is", () => {
    const https = rule({ group: "alb", direction: "ingress", protocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" });
    const self = rule({ group: "eksNodes", direction: "egress", protocol: "-1", referencedGroupId: "sg-0b" });
    expect(matchRules([https, self], design, groups, name)).toEqual({
      imports: [
        { ruleId: https.ruleId, designId: "alb_in_https_from_internet", portChanges: false },
        { ruleId: self.ruleId, designId: "eks_nodes_out_all_to_self", portChanges: false },
      ],
      leftAlone: [],
      unmatched: [],
    });
  });

  test("the ALB's all traffic to the nodes goes into a design rule of that peer an exact match did not take", () => {
    const all = rule({ group: "alb", direction: "egress", protocol: "-1", referencedGroupId: "sg-0b" });
    const http = rule({ group: "alb", direction: "egress", protocol: "tcp", fromPort: 80, toPort: 80, referencedGroupId: "sg-0b" });
    expect(matchRules([all, http], design, groups, name).imports).toEqual([
      { ruleId: http.ruleId, designId: "alb_out_http_to_eks_nodes", portChanges: false },
      { ruleId: all.ruleId, designId: "alb_out_https_to_eks_nodes", portChanges: true },
    ]);
  });

  test("the default allow-all egress is left alone with its revoke command; a group the design does not know is an error naming the setting", () => {
    const egress = rule({ group: "eksControlPlane", direction: "egress", protocol: "-1", cidrIpv4: "0.0.0.0/0" });
    const sagemaker = rule({
      group: "vpcEndpoints",
      direction: "ingress",
      protocol: "tcp",
      fromPort: 443,
      toPort: 443,
      referencedGroupId: "sg-0ff",
    });
    const ssh = rule({ group: "eksNodes", direction: "ingress", protocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "203.0.113.7/32" });
    const result = matchRules([egress, sagemaker, ssh], design, groups, name);
    expect(result.imports).toEqual([]);
    expect(result.leftAlone).toEqual([
      `mlops-eksControlPlane egress all traffic to 0.0.0.0/0 (${egress.ruleId}): the console's default allow-all egress, which the design does not have; the deploy leaves it in place. Remove it to match the design: aws ec2 revoke-security-group-egress --group-id sg-0c --security-group-rule-ids ${egress.ruleId}`,
    ]);
    expect(result.unmatched).toEqual([
      `mlops-vpcEndpoints ingress tcp 443 from sg-0ff (${sagemaker.ruleId}): set endpointsPeerSecurityGroupId to sg-0ff to keep it, or delete the rule`,
      `mlops-eksNodes ingress tcp 22 from 203.0.113.7/32 (${ssh.ruleId}): the design has no such rule; delete it in the console, or add it to the design (src/network/security-group-rules.ts)`,
    ]);
    // With the setting, the SageMaker rule is the design's.
    const withPeer = layeredRules({ vpcCidr: "10.0.0.0/16", s3PrefixListId: "pl-0s", endpointsPeerSecurityGroupId: "sg-0ff" });
    expect(matchRules([sagemaker], withPeer, groups, name).imports).toEqual([
      { ruleId: sagemaker.ruleId, designId: "vpc_endpoints_in_https_from_peer", portChanges: false },
    ]);
  });
});
