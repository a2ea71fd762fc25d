import { ClusterFeature, requiredInterfaceServices, SERVICE_REQUIREMENTS } from "../eks/cluster-requirements";

/** Why an interface endpoint is there; the endpoint table of docs/configuration.md is generated from the same words. */
export interface EndpointService {
  /** Short service name: the `<service>` of `com.amazonaws.<region>.<service>`. */
  readonly service: string;
  readonly purpose: string;
}

/** The walkthrough's three interface endpoints (endpointSet "ecr-and-logs"): created unless endpointSet is "none" (NAT egress). */
export const ECR_AND_LOGS_ENDPOINTS: readonly EndpointService[] = [
  { service: "ecr.api", purpose: "ECR API: image manifests and auth tokens for pulls" },
  { service: "ecr.dkr", purpose: "ECR Docker registry: image layer downloads (layers come from S3)" },
  { service: "logs", purpose: "CloudWatch Logs: container and node logs" },
];

/** The optional SageMaker runtime endpoint (the walkthrough both skips it and outputs its id). */
export const SAGEMAKER_RUNTIME_ENDPOINT: EndpointService = {
  service: "sagemaker.runtime",
  purpose: "SageMaker runtime: invoke inference endpoints privately",
};

/**
 * Services with a known purpose. Any other service name of the right form is accepted too
 * (the catalog is open); these only lend their description to the endpoint table and the cost report.
 */
export const KNOWN_ENDPOINTS: readonly EndpointService[] = [
  ...ECR_AND_LOGS_ENDPOINTS,
  ...SERVICE_REQUIREMENTS.filter((r) => r.service !== "s3" && !ECR_AND_LOGS_ENDPOINTS.some((s) => s.service === r.service)).map((r) => ({
    service: r.service,
    purpose: r.why,
  })),
  SAGEMAKER_RUNTIME_ENDPOINT,
  { service: "xray", purpose: "X-Ray: tracing from the API pods" },
  { service: "monitoring", purpose: "CloudWatch metrics: Container Insights" },
  { service: "kms", purpose: "KMS: envelope encryption of secrets" },
  { service: "secretsmanager", purpose: "Secrets Manager: application secrets" },
  { service: "sagemaker.api", purpose: "SageMaker API: model and endpoint management" },
];

/** The catalog entry of `service`, or a generic one for a service the catalog does not know. */
export function endpointService(service: string): EndpointService {
  return KNOWN_ENDPOINTS.find((e) => e.service === service) ?? { service, purpose: `${service} (no description in the catalog)` };
}

/** The settings that choose the interface endpoints. */
export interface EndpointChoice {
  readonly endpointSet: "cluster" | "ecr-and-logs" | "none";
  readonly clusterFeatures: readonly ClusterFeature[];
  readonly sagemakerRuntimeEndpoint: boolean;
  readonly extraInterfaceEndpoints: readonly string[];
}

/** Services created whatever `extraInterfaceEndpoints` says. */
export function alwaysCreatedServices(choice: Partial<EndpointChoice>): string[] {
  const base = choice.endpointSet === "none" ? [] : ECR_AND_LOGS_ENDPOINTS.map((e) => e.service);
  const cluster = choice.endpointSet === "cluster" ? requiredInterfaceServices(choice.clusterFeatures ?? []) : [];
  const services = [...base, ...cluster, ...(choice.sagemakerRuntimeEndpoint ? [SAGEMAKER_RUNTIME_ENDPOINT.service] : [])];
  return [...new Set(services)];
}

/** Every interface endpoint of an environment: ECR and logs and the cluster's (by endpointSet), the switches', the extras. */
export function interfaceServices(choice: EndpointChoice): EndpointService[] {
  return [...new Set([...alwaysCreatedServices(choice), ...choice.extraInterfaceEndpoints])].map(endpointService);
}

/** An endpoint service's full name (`com.amazonaws.<region>.<service>`, or `cn.com.amazonaws.…` in China), as AWS and Terraform write it. */
export { fullServiceName } from "../aws/endpoint-service-names";
