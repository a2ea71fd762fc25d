import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AWS_PROVIDER, mirrorCliConfig, mirrorProblem, terraformEnvironment, terraformPlatform } from "../src/offline/cli-config";

const mirrors: string[] = [];
afterAll(() => mirrors.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function fakeMirror(layout: "unpacked" | "packed" | "empty"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mirror-"));
  mirrors.push(dir);
  const base = path.join(dir, "registry.terraform.io", "hashicorp", "aws");
  if (layout === "unpacked") fs.mkdirSync(path.join(base, AWS_PROVIDER.version, terraformPlatform()), { recursive: true });
  if (layout === "packed") {
    fs.mkdirSync(base, { recursive: true });
    fs.writeFileSync(path.join(base, `terraform-provider-aws_${AWS_PROVIDER.version}_${terraformPlatform()}.zip`), "");
  }
  return dir;
}

test("a mirror in either layout serves the provider", () => {
  expect(mirrorProblem(fakeMirror("unpacked"))).toBeUndefined();
  expect(mirrorProblem(fakeMirror("packed"))).toBeUndefined();
});

test("a mirror without the provider is an error that names the variable, the path expected and the fix", () => {
  const mirror = fakeMirror("empty");
  expect(() => terraformEnvironment(path.join(mirror, "rc"), { TF_PROVIDER_MIRROR: mirror })).toThrow(
    new RegExp(`TF_PROVIDER_MIRROR=${mirror} holds no hashicorp/aws 5\\.100\\.0 .*terraform providers mirror`),
  );
});

test("with a mirror, terraform gets a CLI config that installs aws from it and nothing from the registry", () => {
  const mirror = fakeMirror("unpacked");
  const file = path.join(mirror, "cli", "terraformrc");
  const env = terraformEnvironment(file, { TF_PROVIDER_MIRROR: mirror });
  expect(env).toEqual({ CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_CLI_CONFIG_FILE: file });
  const config = fs.readFileSync(file, "utf8");
  expect(config).toBe(mirrorCliConfig(mirror));
  expect(config).toContain(`filesystem_mirror {\n    path    = "${mirror}"\n    include = ["registry.terraform.io/hashicorp/aws"]`);
  expect(config).toContain(`direct {\n    exclude = ["registry.terraform.io/hashicorp/aws"]`);
});

test("without a mirror terraform uses its own configuration (the registry)", () => {
  expect(terraformEnvironment("/nonexistent/rc", {})).toEqual({ CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" });
});
