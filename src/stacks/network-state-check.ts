import { TerraformLocal, TerraformRemoteState } from "cdktn";
import { Construct } from "constructs";

/**
 * The local value holding the path of remote state `name`'s file, which the check tests for. An
 * offline plan that reads the state from a fixture must point this local at the fixture too.
 */
export const stateFileLocal = (name: string) => `${name}_state_file`;

export interface NetworkStateCheckProps {
  /** The network stack's name, e.g. `network-dev`: the message tells the user to deploy it. */
  readonly networkStackName: string;
  /** The outputs the demo reads; each must be in the network's state. */
  readonly outputs: readonly string[];
  /** With the local backend: the state file's path as the stack's terraform sees it, and its name for people. */
  readonly localState?: { readonly path: string; readonly label: string };
  /** In domain mode: the output holding `{ arn, domain_name }` of the network's demo certificate, and that name. */
  readonly certificate?: { readonly output: string; readonly domainName: string };
}

/**
 * Makes a demo planned before its network (or after the network was destroyed) stop with this
 * project's own message instead of Terraform's "Unable to find remote state" or "Unsupported
 * attribute". A missing local state file is caught before the state is read (a precondition: the
 * read itself would fail first); a state without the outputs, after the read: every output read
 * has a null default, so an empty state reads as nulls and the postcondition names what is missing.
 * A never-written S3 state still fails in Terraform's words: no function can look into a bucket.
 */
export function checkNetworkState(scope: Construct, network: TerraformRemoteState, props: NetworkStateCheckProps): void {
  const deployFirst = `deploy the network stack first: \`npx cdktn deploy ${props.networkStackName}\``;
  const readOutputs = [...props.outputs, ...(props.certificate ? [props.certificate.output] : [])];
  network.addOverride("defaults", Object.fromEntries(readOutputs.map((o) => [o, null])));

  const names = `[${props.outputs.map((o) => JSON.stringify(o)).join(", ")}]`;
  const postconditions = [
    {
      condition: `\${alltrue([for o in ${names} : self.outputs[o] != null])}`,
      error_message: `The network stack's state has no \${join(", ", [for o in ${names} : o if self.outputs[o] == null])}: ${deployFirst}`,
    },
  ];
  if (props.certificate) {
    const { output, domainName } = props.certificate;
    postconditions.push({
      condition: `\${try(self.outputs.${output}.domain_name, null) == "${domainName}"}`,
      error_message: `The network stack's state has no certificate for ${domainName} (its demo certificate: \${try(self.outputs.${output}.domain_name, "none")}): ${deployFirst} (with the same demoDomainName)`,
    });
  }
  network.addOverride("lifecycle.postcondition", postconditions);

  if (props.localState) {
    // A condition must refer to an object of the configuration, so the path is a local value.
    const local = stateFileLocal(network.node.id);
    new TerraformLocal(scope, local, props.localState.path);
    network.addOverride("lifecycle.precondition", [
      {
        condition: `\${fileexists(local.${local})}`,
        error_message: `No network state (${props.localState.label}): ${deployFirst}`,
      },
    ]);
  }
}
