/**
 * A restrictive S3 gateway endpoint policy: the named buckets, plus read access to the bucket
 * where ECR keeps image layers in this region (without it, image pulls through the endpoint fail).
 */
export function s3EndpointPolicy(buckets: readonly string[], region: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AllowNamedBuckets",
        Effect: "Allow",
        Principal: "*",
        Action: "s3:*",
        Resource: buckets.flatMap((b) => [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`]),
      },
      {
        Sid: "AllowEcrImageLayers",
        Effect: "Allow",
        Principal: "*",
        Action: "s3:GetObject",
        Resource: [`arn:aws:s3:::prod-${region}-starport-layer-bucket/*`],
      },
    ],
  });
}
