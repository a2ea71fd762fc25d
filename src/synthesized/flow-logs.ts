/**
 * The flow logs of a synthesized stack, with Terraform's defaults: delivered to CloudWatch Logs
 * (`log_destination_type`), all traffic (`traffic_type`). Cost bills the CloudWatch ones per GB;
 * the diagram shows where they go.
 */
import { parseReference, resourceAt, resourcesOf, StackJson } from "./stack-json";

export interface FlowLog {
  readonly address: string;
  readonly destinationType: string;
  readonly trafficType: string;
  /** The log group it delivers to, when the stack defines it. */
  readonly logGroup?: { readonly name: string; readonly retentionDays?: number };
}

export function flowLogs(stack: StackJson): FlowLog[] {
  return resourcesOf(stack, "aws_flow_log").map((f) => {
    const group = resourceAt(stack, parseReference(f.body.log_destination)?.address ?? "");
    return {
      address: f.address,
      destinationType: String(f.body.log_destination_type ?? "cloud-watch-logs"),
      trafficType: String(f.body.traffic_type ?? "ALL"),
      ...(group
        ? {
            logGroup: {
              name: String(group.body.name),
              ...(group.body.retention_in_days ? { retentionDays: Number(group.body.retention_in_days) } : {}),
            },
          }
        : {}),
    };
  });
}
