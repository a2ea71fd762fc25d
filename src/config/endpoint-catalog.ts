import { EndpointServiceName } from "../aws/endpoint-service-names";
import { ClusterFeature, requiredInterfaceServices, SERVICE_REQUIREMENTS } from "../eks/cluster-requirements";

/** Why an interface endpoint is there; the endpoint table of docs/configuration.md is generated from the same words. */
export interface EndpointService {
  readonly service: EndpointServiceName;
  readonly purpose: string;
}

/** The walkthrough's three interface endpoints (endpointSet "ecr-and-logs"): created unless endpointSet is "none" (NAT egress). */
export const ECR_AND_LOGS_ENDPOINTS: readonly EndpointService[] = [
  { service: EndpointServiceName.ECR_API, purpose: "ECR API: image manifests and auth tokens for pulls" },
  { service: EndpointServiceName.ECR_DKR, purpose: "ECR Docker registry: image layer downloads (layers come from S3)" },
  { service: EndpointServiceName.LOGS, purpose: "CloudWatch Logs: container and node logs" },
];

/** The optional SageMaker runtime endpoint (the walkthrough both skips it and outputs its id). */
export const SAGEMAKER_RUNTIME_ENDPOINT: EndpointService = {
  service: EndpointServiceName.SAGEMAKER_RUNTIME,
  purpose: "SageMaker runtime: invoke inference endpoints privately",
};

/**
 * Services with a known purpose. Any other service name of the right form is accepted too
 * (the catalog is open); these only lend their description to the endpoint table and the cost report.
 */
export const KNOWN_ENDPOINTS: readonly EndpointService[] = [
  ...ECR_AND_LOGS_ENDPOINTS,
  ...SERVICE_REQUIREMENTS.filter(
    (r) => r.service !== EndpointServiceName.S3 && !ECR_AND_LOGS_ENDPOINTS.some((s) => s.service === r.service),
  ).map((r) => ({
    service: r.service,
    purpose: r.why,
  })),
  SAGEMAKER_RUNTIME_ENDPOINT,
  { service: EndpointServiceName.XRAY, purpose: "X-Ray: tracing from the API pods" },
  { service: EndpointServiceName.MONITORING, purpose: "CloudWatch metrics: Container Insights" },
  { service: EndpointServiceName.KMS, purpose: "KMS: envelope encryption of secrets" },
  { service: EndpointServiceName.SECRETS_MANAGER, purpose: "Secrets Manager: application secrets" },
  { service: EndpointServiceName.SAGEMAKER_API, purpose: "SageMaker API: model and endpoint management" },
];

/** The catalog entry of `service`, or a generic one for a service the catalog does not know. */
export function endpointService(service: EndpointServiceName): EndpointService {
  return KNOWN_ENDPOINTS.find((e) => e.service === service) ?? { service, purpose: `${service} (no description in the catalog)` };
}

/** The settings that choose the interface endpoints. */
export interface EndpointChoice {
  readonly endpointSet: "cluster" | "ecr-and-logs" | "none";
  readonly clusterFeatures: readonly ClusterFeature[];
  readonly sagemakerRuntimeEndpoint: boolean;
  readonly extraInterfaceEndpoints: readonly EndpointServiceName[];
}

/** Services created whatever `extraInterfaceEndpoints` says. */
export function alwaysCreatedServices(choice: Partial<Omit<EndpointChoice, "extraInterfaceEndpoints">>): EndpointServiceName[] {
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
