import * as path from "path";
import { loadProjectConfigFile } from "../src/config/load";
import { placeholderNetworkState } from "../src/terraform/placeholder-state";
import { CERTIFICATE_ARN, synthDemoAlb, synthNetwork } from "./support/synth";
import { initializedWorkdir } from "./support/terraform";

const dev = loadProjectConfigFile(path.join(__dirname, "..", "config", "environments.json"), {}).environments.find((e) => e.name === "dev")!;

describe("the checked-in dev environment plans offline", () => {
  test("network-dev: the same 41 resources as prod", () => {
    const plan = initializedWorkdir("network-dev", { stackJson: synthNetwork(dev) }).plan();
    expect(Object.values(plan.add).reduce((a, b) => a + b)).toBe(41);
  });

  test("demo-alb-dev with a certificate: the ALB, its target group, the HTTP and HTTPS listeners", () => {
    const withCertificate = { ...dev, certificateArn: CERTIFICATE_ARN };
    const workdir = initializedWorkdir("demo-alb-dev", { stackJson: synthDemoAlb(withCertificate), remoteStates: { network: placeholderNetworkState(dev) } });
    const plan = workdir.plan();
    expect(plan.add).toEqual({ aws_lb: 1, aws_lb_target_group: 1, aws_lb_listener: 2 });
    expect(plan.change + plan.destroy).toBe(0);
  });
});
