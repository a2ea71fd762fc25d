import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { TerraformResource } from "cdktn";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
  packages: Record<string, { link?: boolean; resolved?: string; version?: string }>;
};

test("the provider bindings are built on the framework the app loads: one copy of cdktn", () => {
  // A second copy would build the bindings' resources with classes and tokens the app's stacks do not know.
  expect(Vpc.prototype).toBeInstanceOf(TerraformResource);
  expect(fs.realpathSync(require.resolve("cdktf", { paths: [require.resolve("@cdktf/provider-aws")] }))).toBe(
    path.join(ROOT, "shims", "cdktf", "index.js"),
  );
});

test("no package of the archived cdktf is installed but the prebuilt AWS bindings", () => {
  const archived = Object.keys(lock.packages)
    .map((location) => location.replace(/^.*node_modules\//, ""))
    .filter((name) => /^(cdktf|cdktf-cli|@cdktf\/.*)$/.test(name) || name.includes("node-pty"));
  expect(archived.sort()).toEqual(["@cdktf/provider-aws", "cdktf"]);
  expect(lock.packages["node_modules/cdktf"]).toMatchObject({ link: true, resolved: "shims/cdktf" });
});
