import { AddressedResource, StackJson } from "../synthesized/stack-json";
import { PolicyDocument } from "./policy-document";
import { Route } from "../synthesized/routes";
import { SecurityGroupRule } from "../synthesized/security-group-rules";

/** One failed rule on one resource. `id` is the checkov rule and/or the FSBP control, e.g. `CKV_AWS_130 / EC2.15`. */
export interface Finding {
  readonly id: string;
  readonly address: string;
  readonly message: string;
}

export interface PolicyOptions {
  /** Private subnets may route 0.0.0.0/0 to a NAT gateway even if the stack has none (e.g. a NAT in another stack). */
  readonly allowNatEgress?: boolean;
}

/** What the rules look at, besides plain resources: derived once per stack. */
export interface Subjects {
  readonly stack: StackJson;
  readonly options: PolicyOptions;
  /** Every security group rule, whatever its form (rule resources, legacy rules, inline blocks). */
  readonly sgRules: readonly SecurityGroupRule[];
  /** Every IAM or endpoint policy document, parsed or with the reason it could not be. */
  readonly policies: readonly PolicyDocument[];
  /** Every route, as aws_route or an inline route block. */
  readonly routes: readonly Route[];
  /** Route tables of private subnets (see synthesized/routes.ts). */
  readonly privateRouteTables: ReadonlySet<string>;
  /** The stack has a NAT gateway, or the options allow NAT egress. */
  readonly natEgress: boolean;
}

/** A rule fails with a message, or passes with undefined/false. */
export type Verdict = string | undefined | false;

interface RuleBase {
  readonly id: string;
  readonly title: string;
}

/** Rules as data: what they look at (`on`: resources of some `types`, or derived subjects) and a test for one subject. */
export type Rule =
  | (RuleBase & {
      readonly on: "resource";
      readonly types: readonly string[];
      readonly test: (r: AddressedResource, s: Subjects) => Verdict;
    })
  | (RuleBase & { readonly on: "sg-rule"; readonly test: (rule: SecurityGroupRule, s: Subjects) => Verdict })
  | (RuleBase & { readonly on: "policy"; readonly test: (doc: PolicyDocument, s: Subjects) => Verdict })
  | (RuleBase & { readonly on: "route"; readonly test: (route: Route, s: Subjects) => Verdict });
