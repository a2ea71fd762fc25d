import { parseReference, parseStack } from "../synthesized/stack-json";

/** In every placeholder value, so nobody mistakes them for real resources. */
export const PLACEHOLDER = "placeholder";

const ID_PREFIX: Record<string, string> = {
  aws_vpc: "vpc",
  aws_subnet: "subnet",
  aws_security_group: "sg",
  aws_vpc_endpoint: "vpce",
  aws_route_table: "rtb",
  aws_internet_gateway: "igw",
};

/** A placeholder for one `${type.name.attribute}` reference. */
function placeholderFor(type: string, name: string, attribute: string): string {
  const slug = name.replace(/_/g, "-");
  if (attribute === "id") return `${ID_PREFIX[type] ?? type.replace(/^aws_/, "")}-${PLACEHOLDER}-${slug}`;
  // ARN-shaped wherever the attribute is one (`arn`, `certificate_arn`): providers validate ARNs at plan time.
  if (attribute === "arn" || attribute.endsWith("_arn")) return `arn:aws:${PLACEHOLDER}:::${type}/${slug}`;
  if (attribute === "cidr_block") return "192.0.2.0/24"; // TEST-NET-1: documentation only
  return `${PLACEHOLDER}-${slug}-${attribute}`;
}

const EMBEDDED_REFERENCE = /\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)\}/g;

function resolve(value: unknown): unknown {
  if (typeof value === "string") {
    const ref = parseReference(value);
    if (ref) return placeholderFor(ref.type, ref.name, ref.attribute);
    // A reference inside a string ("${aws_x.y.registry_id}.dkr.ecr…"): each part replaced.
    return value.replace(EMBEDDED_REFERENCE, (_, type: string, name: string, attribute: string) => placeholderFor(type, name, attribute));
  }
  if (Array.isArray(value)) return value.map(resolve);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
  return value;
}

/** Terraform's type of a JSON value, as the state file records it. */
export function typeOf(value: unknown): unknown {
  if (Array.isArray(value)) return ["tuple", value.map(typeOf)];
  if (value && typeof value === "object") return ["object", Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeOf(v)]))];
  return typeof value === "number" ? "number" : typeof value === "boolean" ? "bool" : "string";
}

/**
 * A state file holding the outputs a synthesized stack would have after apply, every resource
 * reference replaced by an obviously fake value. Consumers of the network stack (the demo-alb stack,
 * the EKS example) are planned against it, so renaming an output breaks their tests.
 * Null outputs are left out, as Terraform leaves them out of real state.
 */
export function placeholderState(stackJson: string): object {
  const outputs: Record<string, { value: unknown; type: unknown }> = {};
  for (const [name, output] of Object.entries(parseStack(stackJson).output ?? {})) {
    if (output.value === null) continue;
    const value = resolve(output.value);
    outputs[name] = { value, type: typeOf(value) };
  }
  return {
    version: 4,
    terraform_version: "1.11.0",
    serial: 1,
    lineage: `${PLACEHOLDER}-state`,
    outputs,
    resources: [],
    check_results: null,
  };
}
