import { stackJson } from "../src/app";
import { NETWORK_OUTPUTS } from "../src/stacks/network-outputs";
import { hideNullOutputsFromDisplay } from "../src/stacks/null-outputs";
import { environment, networkStack } from "./support/synth";

/** The names cdktf's display list holds for a stack, whatever the nesting. */
function displayed(tree: Record<string, unknown>): string[] {
  return Object.values(tree).flatMap((v) => (typeof v === "string" ? [v] : displayed(v as Record<string, unknown>)));
}

describe("null outputs and cdktf's output display (cdktn deploy / output exit 0)", () => {
  const variants = {
    prod: environment(),
    "dev (NAT egress: no interface endpoint)": environment({ egress: "nat-gateway", protect: false }, "dev"),
    "SageMaker runtime and the demo domain on (no null output)": environment({
      sagemakerRuntimeEndpoint: true,
      demoDomainName: "forecast.example.com",
      demoHostedZoneId: "Z0123456789ABCDEFGHIJ",
    }),
  };

  test.each(Object.entries(variants))("%s: every contract output stays declared; the display lists exactly the non-null ones", (_, env) => {
    const json = JSON.parse(stackJson(networkStack(env)));
    const declared = Object.keys(json.output).sort();
    expect(declared).toEqual(NETWORK_OUTPUTS.map((o) => o.name).sort());
    const nonNull = declared.filter((name) => json.output[name].value !== null);
    expect(displayed(json["//"].outputs).sort()).toEqual(nonNull);
  });

  test("the variants cover the null case: prod has a null output, dev several", () => {
    const nulls = (env: (typeof variants)["prod"]) =>
      Object.values(JSON.parse(stackJson(networkStack(env))).output as Record<string, { value: unknown }>).filter((o) => o.value === null);
    expect(nulls(variants.prod).length).toBeGreaterThan(0);
    expect(nulls(variants["dev (NAT egress: no interface endpoint)"]).length).toBeGreaterThan(nulls(variants.prod).length);
    expect(nulls(variants["SageMaker runtime and the demo domain on (no null output)"])).toEqual([]);
  });

  test("nested display paths are pruned too, and a stack without metadata is left alone", () => {
    const stack = {
      "//": { outputs: { network: { a: "a", inner: { b: "b", c: "c" } } } },
      output: { a: { value: null }, b: { value: "x" }, c: { value: null } },
    };
    expect(hideNullOutputsFromDisplay(stack)["//"].outputs).toEqual({ network: { inner: { b: "b" } } });
    expect(hideNullOutputsFromDisplay({ output: { a: { value: null } } })).toEqual({ output: { a: { value: null } } });
  });
});
