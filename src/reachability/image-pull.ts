/**
 * Can the nodes pull an image? An ECR pull is three calls: ecr.api (auth token, manifest), ecr.dkr
 * (the registry) and S3 (the layers, in ECR's layer bucket, which the S3 endpoint policy must let
 * through). An ECR Public image needs, in addition, a pull-through cache rule for public.ecr.aws,
 * or the internet (NAT) to reach public.ecr.aws itself.
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html
 */
import { EndpointServiceName } from "../aws/endpoint-service-names";
import { ECR_PUBLIC_CACHE, ImageRequirement } from "../eks/cluster-requirements";
import { NetworkModel } from "./network-model";
import { reach, SERVICE_PORT, summary } from "./reach";
import { ReachVerdict, Step } from "./types";
import { arn } from "../aws/partition";

/** The bucket of ECR's image layers in `region`, which a pull reads through the S3 endpoint. */
export const layerBucket = (region: string) => `prod-${region}-starport-layer-bucket`;

function serviceStep(model: NetworkModel, service: EndpointServiceName, what: string): Step {
  const v = reach(model, "node", { service });
  return { stage: "endpoint", ok: v.reachable, reason: `${service} (${what}): ${summary(v)}` };
}

/** Whether the S3 gateway endpoint's policy lets the layer bucket through (no policy: full access). */
function layerBucketStep(model: NetworkModel): Step | undefined {
  const gateway = model.endpoints.find((e) => e.service === EndpointServiceName.S3 && e.type === "Gateway");
  if (!gateway) return undefined;
  if (gateway.policy === undefined) return { stage: "endpoint", ok: true, reason: `${gateway.address} has no policy: full access` };
  const bucket = model.region ? layerBucket(model.region) : "prod-<region>-starport-layer-bucket";
  return gateway.policy.includes(arn(model.region ?? "", { service: "s3", resource: `${bucket}/*` }))
    ? { stage: "endpoint", ok: true, reason: `${gateway.address}'s policy allows s3:GetObject on ${bucket} (the layers)` }
    : { stage: "endpoint", ok: false, reason: `${gateway.address}'s policy does not name ${bucket}: layer downloads are denied` };
}

const ECR_CALLS = "ecr.api, ecr.dkr and the layer bucket in S3 all get through (--verbose shows how)";

function ecrSteps(model: NetworkModel): Step[] {
  const s3 = layerBucketStep(model);
  return [
    serviceStep(model, EndpointServiceName.ECR_API, "auth token and manifest"),
    serviceStep(model, EndpointServiceName.ECR_DKR, "the registry"),
    serviceStep(model, EndpointServiceName.S3, "the layers"),
    ...(s3 ? [s3] : []),
  ];
}

/** Where a pull of `image` goes, and whether each call gets through. */
export function imagePull(model: NetworkModel, image: ImageRequirement): ReachVerdict {
  if (image.source !== "pull-through-cache") {
    const steps = ecrSteps(model);
    return { reachable: steps.every((s) => s.ok), steps, notes: [], via: `from ECR: ${ECR_CALLS}` };
  }
  const rule = model.pullThroughCacheRules.find((r) => r.upstream === ECR_PUBLIC_CACHE.upstream);
  if (rule) {
    const steps = [
      {
        stage: "registry" as const,
        ok: true,
        reason: `${rule.address} caches ${rule.upstream} as ${rule.prefix}/…: the image is pulled from this account's ECR`,
      },
      ...ecrSteps(model),
    ];
    return { reachable: steps.every((s) => s.ok), steps, notes: [], via: `through pull-through cache ${rule.address}: ${ECR_CALLS}` };
  }
  const internet = reach(model, "node", { place: "internet", port: SERVICE_PORT });
  const registry: Step = internet.reachable
    ? { stage: "registry", ok: true, reason: `no pull-through cache rule: pulled from ${ECR_PUBLIC_CACHE.upstream} over the internet` }
    : {
        stage: "registry",
        ok: false,
        reason: `no pull-through cache rule for ${ECR_PUBLIC_CACHE.upstream} in the network stack, and no internet path to it: turn ecrPullThroughCache on`,
      };
  const steps = [registry, ...internet.steps];
  const via = `from ${ECR_PUBLIC_CACHE.upstream} over the internet${internet.via ? ` ${internet.via}` : ""}`;
  return { reachable: steps.every((s) => s.ok), steps, notes: internet.notes, via };
}
