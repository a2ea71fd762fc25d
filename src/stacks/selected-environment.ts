import { Construct } from "constructs";

/**
 * App context naming the environment the command works on (MLOPS_ENV, else the default): hints
 * about how to deploy (e.g. "no certificate") are for it alone, not for every environment of the file.
 */
export const SELECTED_ENVIRONMENT_CONTEXT = "mlops:selectedEnvironment";

/** Whether `envName` is the selected environment; true when no app says (tests, a tool's in-memory synth). */
export function isSelectedEnvironment(scope: Construct, envName: string): boolean {
  const selected = scope.node.tryGetContext(SELECTED_ENVIRONMENT_CONTEXT) as string | undefined;
  return selected === undefined || selected === envName;
}
