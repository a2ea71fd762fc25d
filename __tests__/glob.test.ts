import { globRegExp } from "../src/policy/glob";

test("* is any text and every other character is itself, anchored at both ends", () => {
  expect(globRegExp("aws_subnet.public_*").test("aws_subnet.public_subnet_ap_southeast_1a")).toBe(true);
  expect(globRegExp("aws_subnet.public_*").test("aws_subnet.private_subnet")).toBe(false);
  expect(globRegExp("network*").test("xnetwork")).toBe(false);
  expect(globRegExp("a.b").test("axb")).toBe(false);
  expect(globRegExp("ec2:Describe?").test("ec2:DescribeX")).toBe(false);
  expect(globRegExp("(x)+[y]").test("(x)+[y]")).toBe(true);
});

test("case matters unless asked otherwise (IAM actions match without case, Terraform names with)", () => {
  expect(globRegExp("ecr:BatchGet*").test("ECR:batchgetimage")).toBe(false);
  expect(globRegExp("ecr:BatchGet*", { ignoreCase: true }).test("ECR:batchgetimage")).toBe(true);
});
