/**
 * Reading a synthesized stack (`cdk.tf.json`): the one place that knows its shape. Cost, diagram,
 * verify, policy, reachability and the offline harness all read stacks through this module.
 */
import { parseFullServiceName } from "../aws/endpoint-service-names";
import type { NetworkOutputName } from "../stacks/network-outputs";

/** A resource's arguments as synthesized: strings, numbers, lists, blocks, `${…}` references. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ResourceBody = Record<string, any>;

/** Resources by type, then by Terraform name. */
export type Resources = Record<string, Record<string, ResourceBody>>;

/** The parts of a synthesized stack the tools read. */
export interface StackJson {
  readonly resource?: Resources;
  readonly data?: Resources;
  readonly output?: Record<string, { value: unknown; description?: string }>;
  readonly terraform?: Record<string, unknown>;
  readonly provider?: Record<string, unknown>;
  readonly [key: string]: unknown;
}

/** One resource with its address, e.g. `aws_subnet.private_subnet_ap_southeast_1a`. */
export interface AddressedResource {
  readonly type: string;
  readonly name: string;
  readonly address: string;
  readonly body: ResourceBody;
}

/** Parses a stack's JSON text; objects are returned as they are. */
export function parseStack(json: string | StackJson): StackJson {
  return typeof json === "string" ? (JSON.parse(json) as StackJson) : json;
}

/** Every resource of `type`, sorted by name so results are deterministic. */
export function resourcesOf(stack: StackJson, type: string): AddressedResource[] {
  return Object.entries(stack.resource?.[type] ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, body]) => ({ type, name, address: `${type}.${name}`, body }));
}

/** Every resource of the stack, in type then name order. */
export function allResources(stack: StackJson): AddressedResource[] {
  return Object.keys(stack.resource ?? {})
    .sort()
    .flatMap((type) => resourcesOf(stack, type));
}

/** What a resource is called in pictures and reports: its `Name` tag, else its `name`, else its Terraform name. */
export const labelOf = (r: AddressedResource): string => String(r.body.tags?.Name ?? r.body.name ?? r.name);

/** The resource at `address` (`type.name`), or undefined. */
export function resourceAt(stack: StackJson, address: string): AddressedResource | undefined {
  const dot = address.indexOf(".");
  const type = address.slice(0, dot);
  const name = address.slice(dot + 1);
  const body = stack.resource?.[type]?.[name];
  return body === undefined ? undefined : { type, name, address, body };
}

const REFERENCE = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)\}$/;

/** A whole-value reference `${type.name.attribute}`, or undefined for anything else. */
export function parseReference(value: unknown): { type: string; name: string; address: string; attribute: string } | undefined {
  if (typeof value !== "string") return undefined;
  const m = REFERENCE.exec(value);
  return m ? { type: m[1], name: m[2], address: `${m[1]}.${m[2]}`, attribute: m[3] } : undefined;
}

/** The reference `${address.attribute}`, as cdktf writes it. */
export function reference(address: string, attribute = "id"): string {
  return `\${${address}.${attribute}}`;
}

/** Whether `value` (a string, or any string inside it) refers to the resource at `address`. */
export function refersTo(value: unknown, address: string): boolean {
  if (typeof value === "string") return value.includes("${") && new RegExp(`(^|[^\\w.])${address.replace(/\./g, "\\.")}\\.`).test(value);
  if (Array.isArray(value)) return value.some((v) => refersTo(v, address));
  if (value && typeof value === "object") return Object.values(value).some((v) => refersTo(v, address));
  return false;
}

/** `com.amazonaws.ap-southeast-1.ecr.api` (or `cn.com.amazonaws.cn-north-1.ecr.api`) → `ecr.api`; anything else is returned unchanged. */
export function shortServiceName(serviceName: string): string {
  return parseFullServiceName(serviceName)?.service ?? serviceName;
}

const REMOTE_STATE_OUTPUT = /^\$\{data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_]+)\}$/;

/** A whole-value read of another stack's output, `${data.terraform_remote_state.<state>.outputs.<output>}`. */
export function parseRemoteStateOutput(value: unknown): { state: string; output: string } | undefined {
  if (typeof value !== "string") return undefined;
  const m = REMOTE_STATE_OUTPUT.exec(value);
  return m ? { state: m[1], output: m[2] } : undefined;
}

/** A nested block as a list: cdktf writes a single block as an object, repeated blocks as a list. */
export function blockList(value: unknown): ResourceBody[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).filter((b): b is ResourceBody => !!b && typeof b === "object");
}

/** The stack name `cdktn synth` records in the JSON (`//.metadata.stackName`); absent in Testing.synth output. */
export function stackNameOf(stack: StackJson): string | undefined {
  const name = (stack["//"] as { metadata?: { stackName?: unknown } } | undefined)?.metadata?.stackName;
  return typeof name === "string" ? name : undefined;
}

/** The value of the network stack's output `name` (a name of the contract), or undefined when the stack has none. */
export function networkOutputValue(network: StackJson, name: NetworkOutputName): unknown {
  return network.output?.[name]?.value;
}

/** `value`, or the network output it reads through remote state. */
export function throughRemoteState(value: unknown, networkOutputs: StackJson["output"]): unknown {
  const read = parseRemoteStateOutput(value);
  return read ? networkOutputs?.[read.output]?.value : value;
}

/** A value that may be one item, a list or absent (as Terraform arguments are), as a list. */
export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}
