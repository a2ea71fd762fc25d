const { App, TerraformStack } = require("cdktn");
const { AwsProvider } = require("@cdktf/provider-aws/lib/provider");
const { Vpc } = require("@cdktf/provider-aws/lib/vpc");
const app = new App({ outdir: process.env.CDKTF_OUTDIR, stackTraces: false });
const stack = new TerraformStack(app, "floor");
new AwsProvider(stack, "aws", { region: "ap-southeast-1" });
new Vpc(stack, "vpc", { cidrBlock: "10.0.0.0/16" });
app.synth();
