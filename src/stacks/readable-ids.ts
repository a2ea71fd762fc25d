import { TerraformElement, TerraformStack } from "cdktn";
import { Node } from "constructs";

/**
 * cdktf names nested resources `<path>_<hash>`, which makes `terraform state` commands and plan
 * output hard to read. Here a resource's address is its own construct id (`aws_subnet.public_subnet_ap_southeast_1a`);
 * ids must therefore be unique within a stack, and a clash is a programming error caught at synth.
 */
export class ReadableIdStack extends TerraformStack {
  private readonly allocated = new Map<string, string>();

  protected allocateLogicalId(element: TerraformElement | Node): string {
    const node = TerraformElement.isTerraformElement(element) ? element.node : element;
    if (node.scopes.indexOf(this) === node.scopes.length - 1) return "";
    const id = node.id.replace(/[^A-Za-z0-9_]/g, "_");
    const owner = this.allocated.get(id);
    if (owner !== undefined && owner !== node.path) {
      throw new Error(
        `Two constructs of stack ${this.node.id} would share the Terraform name "${id}": ${owner} and ${node.path}. Give one of them another id.`,
      );
    }
    this.allocated.set(id, node.path);
    return id;
  }
}
