import { Construct } from "constructs";
import { stackNames } from "./config/names";
import { ProjectConfig } from "./config/types";
import { DemoAlbStack } from "./stacks/demo-alb-stack";
import { NetworkStack } from "./stacks/network-stack";

/** Every environment of the configuration as its pair of stacks: `network[-env]` and `demo-alb[-env]`. */
export function addEnvironments(scope: Construct, config: ProjectConfig) {
  return config.environments.map((env) => {
    const names = stackNames(env.name, env.name === config.defaultEnvironment);
    const network = new NetworkStack(scope, names.network, env);
    const demoAlb = new DemoAlbStack(scope, names.demoAlb, { env, networkStackName: names.network });
    return { env, network, demoAlb };
  });
}
