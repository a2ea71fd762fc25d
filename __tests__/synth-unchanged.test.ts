import * as fs from "fs";
import * as path from "path";
import { synthEnvironment } from "../src/app";
import { loadProjectConfigFile } from "../src/config/load";

/**
 * The Terraform JSON every stack deploys, against the JSON the project synthesized with cdktf 0.21
 * before it moved to CDK Terrain: equal JSON means the state of an environment deployed before the
 * move plans with no change after it. The environments are a copy of the configuration file of that
 * day (so later edits to config/environments.json do not touch this test) plus one with every
 * optional resource on. Only the framework's version in the stack's "//" metadata may differ:
 * Terraform never reads that block. (Changes made on purpose since: the demo stack's remote-state
 * condition messages name `npx cdktn`, and conditions are not kept in state; the EC2 endpoint's
 * policy denies copies of another account's AMIs and snapshots, an in-place update.)
 *
 * A change to the JSON on purpose: `UPDATE_SYNTH_FIXTURES=1 npx jest __tests__/synth-unchanged.test.ts`
 * rewrites the files (the run then fails, to be run again), and the diff goes into review with it.
 */
const FIXTURES = path.join(__dirname, "fixtures", "synth-before-cdktn");
const config = loadProjectConfigFile(path.join(FIXTURES, "environments.json"), {});
const VERSION_PLACEHOLDER = "(the framework's version)";

/** The stack's JSON with the framework's version replaced: the one difference the move may make. */
function normalised(json: string): Record<string, any> {
  const stack = JSON.parse(json);
  stack["//"].metadata.version = VERSION_PLACEHOLDER;
  return stack;
}

const stacks = config.environments.flatMap((env) => {
  const synthesized = synthEnvironment(env, env.name === config.defaultEnvironment);
  return [
    [synthesized.names.network, normalised(synthesized.network)],
    [synthesized.names.demoAlb, normalised(synthesized.demoAlb)],
  ] as const;
});
const fixture = (stack: string) => path.join(FIXTURES, `${stack}.tf.json`);

if (process.env.UPDATE_SYNTH_FIXTURES) {
  test("fixtures rewritten", () => {
    for (const [name, json] of stacks) fs.writeFileSync(fixture(name), `${JSON.stringify(json, null, 2)}\n`);
    throw new Error(
      `Rewrote ${stacks.length} files in ${path.relative(process.cwd(), FIXTURES)}: review the diff, then run again without UPDATE_SYNTH_FIXTURES`,
    );
  });
} else {
  test("the fixtures hold exactly the stacks of the fixture environments", () => {
    const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith(".tf.json"));
    expect(files.sort()).toEqual(stacks.map(([name]) => `${name}.tf.json`).sort());
  });

  test.each(stacks)("stack %s synthesizes the JSON it did before the move", (name, json) => {
    expect(json).toEqual(JSON.parse(fs.readFileSync(fixture(name), "utf8")));
  });
}
