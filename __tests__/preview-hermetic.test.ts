import * as fs from "fs";
import * as path from "path";
import { DEVELOPER_SHELL as SHELL, outsideInputs } from "./support/hermetic-env";
import { finishTempCheck, startTempCheck } from "./support/temp-folders";

test("the variables that would change results are the ones removed, and nothing terraform needs", () => {
  const env = {
    ...SHELL,
    TF_VAR_x: "1",
    TF_CLI_ARGS_plan: "-destroy",
    AWS_PROFILE: "prod",
    PATH: "/bin",
    HOME: "/h",
    TF_PROVIDER_MIRROR: "/m",
    TF_PLUGIN_CACHE_DIR: "/c",
  };
  expect(outsideInputs(env).sort()).toEqual([...Object.keys(SHELL), "TF_VAR_x", "TF_CLI_ARGS_plan", "AWS_PROFILE"].sort());
});

test("no test sees any of them", () => {
  expect(outsideInputs(process.env)).toEqual([]);
});

test("the run's temp folder check reports what was left and removes the folder", () => {
  const outer = process.env.TMPDIR;
  const check = startTempCheck();
  fs.mkdirSync(path.join(check.dir, "forgotten"));
  expect(finishTempCheck(check)).toEqual(["forgotten"]);
  expect(fs.existsSync(check.dir)).toBe(false);
  expect(process.env.TMPDIR).toBe(outer);
  expect(finishTempCheck(startTempCheck())).toEqual([]);
});
