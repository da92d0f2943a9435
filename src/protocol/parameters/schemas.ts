import { z } from "zod";
import type { ParametersInputs, ParametersOperationName } from "../../core/parameters/operations.js";
import { SecretBytes } from "../../core/secret-bytes.js";
import { secretString } from "../wire-types.js";

/**
 * Wire schemas of the Parameter Store operations (AWS JSON 1.1, `X-Amz-Target: AmazonSSM.<Operation>`),
 * with the constraints of the AWS service model (botocore ssm/2014-11-06; the tables of
 * docs/research/ssm-parameter-store-reference.md §4). The service's own rules (name syntax,
 * tiers, labels, policies, filters) are core's, in core/parameters.
 */
export const PARAMETERS_TARGET_PREFIXES: readonly string[] = ["AmazonSSM."];

const name = z.string().min(1).max(2048);
const names = z.array(name).min(1).max(10);
const parameterType = z.enum(["String", "StringList", "SecureString"]);
const tier = z.enum(["Standard", "Advanced", "Intelligent-Tiering"]);
/** The model's TagKey/TagValue pattern: letters, separators, digits and `_.:/=+-@`. */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const tagKey = z.string().min(1).max(128).regex(TAG_TEXT);
const tag = z.object({ Key: tagKey, Value: z.string().min(0).max(256).regex(TAG_TEXT) });
const tags = z.array(tag).max(1000);
const label = z.string().min(1).max(100);
const labels = z.array(label).min(1).max(10);
const version = z.number().int();
const nextToken = z.string();
const parameterFilters = z.array(
  z.object({
    Key: z.string().min(1).max(132).regex(/^(tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType)$/),
    Option: z.string().min(1).max(10).optional(),
    Values: z.array(z.string().min(1).max(1024)).min(1).max(50).optional(),
  }),
);
const legacyFilters = z.array(z.object({ Key: z.enum(["Name", "Type", "KeyId"]), Values: z.array(z.string().min(1).max(1024)).min(1).max(50) }));
const resourceType = z.enum([
  "Document", "ManagedInstance", "MaintenanceWindow", "Parameter", "PatchBaseline", "OpsItem", "OpsMetadata", "Automation", "Association", "CloudConnector",
]);
const resource = { ResourceType: resourceType, ResourceId: z.string() };

/**
 * The value is checked for length without being echoed, and becomes SecretBytes only once the
 * whole request is valid. The model gives PSParameterValue no bounds; an empty value is refused
 * (moto's answer; AWS's is unverified) and 32768 characters cap what reaches the tier rules,
 * which count 4096/8192 bytes (a third-party log shows AWS answering a large value with that cap).
 */
const value = secretString({ min: 1, max: 32768 });

type Schemas = { readonly [K in ParametersOperationName]: z.ZodType<ParametersInputs[K], unknown> };

export const parametersSchemas: Schemas = {
  PutParameter: z
    .object({
      Name: name,
      Description: z.string().min(0).max(1024).optional(),
      Value: value,
      Type: parameterType.optional(),
      KeyId: z.string().min(1).max(256).regex(/^([a-zA-Z0-9:/_-]+)$/).optional(),
      Overwrite: z.boolean().optional(),
      AllowedPattern: z.string().min(0).max(1024).optional(),
      Tags: tags.optional(),
      Tier: tier.optional(),
      Policies: z.string().min(1).max(4096).optional(),
      DataType: z.string().min(0).max(128).optional(),
    })
    .transform((input) => ({ ...input, Value: SecretBytes.fromUtf8(input.Value) })),
  GetParameter: z.object({ Name: name, WithDecryption: z.boolean().optional() }),
  GetParameters: z.object({ Names: names, WithDecryption: z.boolean().optional() }),
  GetParametersByPath: z.object({
    Path: name,
    Recursive: z.boolean().optional(),
    ParameterFilters: parameterFilters.optional(),
    WithDecryption: z.boolean().optional(),
    MaxResults: z.number().int().min(1).max(10).optional(),
    NextToken: nextToken.optional(),
  }),
  DeleteParameter: z.object({ Name: name }),
  DeleteParameters: z.object({ Names: names }),
  DescribeParameters: z.object({
    Filters: legacyFilters.optional(),
    ParameterFilters: parameterFilters.optional(),
    MaxResults: z.number().int().min(1).max(50).optional(),
    NextToken: nextToken.optional(),
    Shared: z.boolean().optional(),
  }),
  GetParameterHistory: z.object({
    Name: name,
    WithDecryption: z.boolean().optional(),
    MaxResults: z.number().int().min(1).max(50).optional(),
    NextToken: nextToken.optional(),
  }),
  LabelParameterVersion: z.object({ Name: name, ParameterVersion: version.optional(), Labels: labels }),
  UnlabelParameterVersion: z.object({ Name: name, ParameterVersion: version, Labels: labels }),
  AddTagsToResource: z.object({ ...resource, Tags: tags }),
  RemoveTagsFromResource: z.object({ ...resource, TagKeys: z.array(tagKey) }),
  ListTagsForResource: z.object(resource),
};
