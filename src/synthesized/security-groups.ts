/**
 * The security groups a synthesized stack defines: its own (`aws_security_group`) and the VPC's
 * default group when the stack manages it (`aws_default_security_group`). Their rules are
 * `security-group-rules.ts`'s.
 */
import { labelOf, parseReference, resourceAt, resourcesOf, StackJson } from "./stack-json";

export interface SecurityGroup {
  readonly address: string;
  /** Its AWS name (`name`) as written; undefined when Terraform or AWS chooses it. */
  readonly name?: string;
  /** Its `Name` tag, else its name, else its Terraform name. */
  readonly label: string;
  /** The VPC's default group. */
  readonly isDefault: boolean;
  /** The address of the stack's VPC it belongs to; undefined when its `vpc_id` names no VPC of the stack (or none: the default VPC). */
  readonly vpc?: string;
}

export function securityGroups(stack: StackJson): SecurityGroup[] {
  return (["aws_security_group", "aws_default_security_group"] as const).flatMap((type) =>
    resourcesOf(stack, type).map((g) => ({
      address: g.address,
      ...(g.body.name === undefined ? {} : { name: String(g.body.name) }),
      label: labelOf(g),
      isDefault: type === "aws_default_security_group",
      ...vpcOfGroup(stack, g.body.vpc_id),
    })),
  );
}

function vpcOfGroup(stack: StackJson, vpcId: unknown): { vpc?: string } {
  const ref = parseReference(vpcId);
  return ref?.type === "aws_vpc" && ref.attribute === "id" && resourceAt(stack, ref.address) ? { vpc: ref.address } : {};
}
