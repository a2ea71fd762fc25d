// The network's outputs are a contract (src/stacks/network-outputs.ts): their readers name them
// through types, so a name outside it is a compile error (`npm test` type-checks this file).
import { NETWORK_OUTPUTS, networkOutputsOf } from "../src/stacks/network-outputs";
import { networkOutputValue, parseRemoteStateOutput, StackJson } from "../src/synthesized/stack-json";
import { synthDemoAlb } from "./support/synth";

const NAMES: readonly string[] = NETWORK_OUTPUTS.map((o) => o.name);

test("the remote state is read by contract names only", () => {
  const reads: string[] = [];
  const state = {
    getString: (name: string) => (reads.push(name), `string ${name}`),
    getList: (name: string) => (reads.push(name), [`list ${name}`]),
  };
  const network = networkOutputsOf(state);
  expect(network.getString("vpc_id")).toBe("string vpc_id");
  expect(network.getList("public_alb_subnet_ids")).toEqual(["list public_alb_subnet_ids"]);
  // @ts-expect-error: not an output of the network stack
  network.getString("vpc_ids");
  // @ts-expect-error: not an output of the network stack
  network.getList("private_subnet_ids");
  expect(reads).toEqual(["vpc_id", "public_alb_subnet_ids", "vpc_ids", "private_subnet_ids"]);
});

test("a synthesized network's outputs are read by contract names only", () => {
  const stack: StackJson = { output: { vpc_id: { value: "${aws_vpc.vpc.id}" } } };
  expect(networkOutputValue(stack, "vpc_id")).toBe("${aws_vpc.vpc.id}");
  expect(networkOutputValue(stack, "vpc_cidr_block")).toBeUndefined();
  // @ts-expect-error: not an output of the network stack
  networkOutputValue(stack, "vpc");
});

test("every output the demo-alb stack reads from the network is in the contract", () => {
  const reads = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === "string") {
      const read = parseRemoteStateOutput(value);
      if (read) reads.add(read.output);
    } else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk(JSON.parse(synthDemoAlb()));
  expect(reads.size).toBeGreaterThan(0);
  expect([...reads].filter((name) => !NAMES.includes(name))).toEqual([]);
});
