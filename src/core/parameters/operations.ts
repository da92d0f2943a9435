import type { SecretBytes } from "../secret-bytes.js";
import type { SecretText } from "../secret-text.js";
import type { ParametersFilter, ParameterStringFilter } from "./filters.js";
import type { ParameterTier, RequestedTier } from "./tiers.js";
import type { ParameterType } from "./versions.js";

/**
 * The Parameter Store operations Strongbox serves (AWS JSON 1.1, `AmazonSSM.<Operation>`), with
 * their typed inputs and outputs under the wire member names. The wire schemas
 * (protocol/parameters/schemas.ts) produce the inputs; the use cases (app/parameters) take them.
 * Both tables are keyed by these names, so the compiler refuses one that misses an operation.
 *
 * Every input `Value` is SecretBytes, String values too: the use case decides what a value is
 * once it knows the parameter's type. Output `Value`s are the text sent back: a decrypted
 * SecureString value is a SecretText (wiped once the answer is written), anything else a string.
 */
export type { ParameterType } from "./versions.js";
export type TaggableResourceType =
  | "Document" | "ManagedInstance" | "MaintenanceWindow" | "Parameter" | "PatchBaseline" | "OpsItem" | "OpsMetadata" | "Automation" | "Association" | "CloudConnector";
export type PolicyStatus = "Pending" | "Finished" | "Failed" | "InProgress";

export interface ParameterTag {
  readonly Key: string;
  readonly Value: string;
}
export interface ParameterInlinePolicy {
  readonly PolicyText: string;
  readonly PolicyType: string;
  readonly PolicyStatus: PolicyStatus;
}

/** A parameter with its value: GetParameter, GetParameters, GetParametersByPath. */
export interface ParameterView {
  readonly Name: string;
  readonly Type: ParameterType;
  readonly Value: string | SecretText;
  readonly Version: number;
  readonly Selector?: string;
  readonly SourceResult?: string;
  readonly LastModifiedDate: Date;
  readonly ARN: string;
  readonly DataType: string;
}

/** DescribeParameters: metadata only, never a value. */
export interface ParameterMetadataView {
  readonly Name: string;
  readonly ARN: string;
  readonly Type: ParameterType;
  readonly KeyId?: string;
  readonly LastModifiedDate: Date;
  readonly LastModifiedUser: string;
  readonly Description?: string;
  readonly AllowedPattern?: string;
  readonly Version: number;
  readonly Tier: ParameterTier;
  readonly Policies: readonly ParameterInlinePolicy[];
  readonly DataType: string;
}

/** GetParameterHistory: one entry per kept version, oldest first. */
export interface ParameterHistoryView {
  readonly Name: string;
  readonly Type: ParameterType;
  readonly KeyId?: string;
  readonly LastModifiedDate: Date;
  readonly LastModifiedUser: string;
  readonly Description?: string;
  readonly Value: string | SecretText;
  readonly AllowedPattern?: string;
  readonly Version: number;
  readonly Labels: readonly string[];
  readonly Tier: ParameterTier;
  readonly Policies: readonly ParameterInlinePolicy[];
  readonly DataType: string;
}

interface TagResource {
  readonly ResourceType: TaggableResourceType;
  readonly ResourceId: string;
}

export interface ParametersInputs {
  PutParameter: {
    readonly Name: string;
    readonly Description?: string;
    readonly Value: SecretBytes;
    readonly Type?: ParameterType;
    readonly KeyId?: string;
    readonly Overwrite?: boolean;
    readonly AllowedPattern?: string;
    readonly Tags?: readonly ParameterTag[];
    readonly Tier?: RequestedTier;
    readonly Policies?: string;
    readonly DataType?: string;
  };
  GetParameter: { readonly Name: string; readonly WithDecryption?: boolean };
  GetParameters: { readonly Names: readonly string[]; readonly WithDecryption?: boolean };
  GetParametersByPath: {
    readonly Path: string;
    readonly Recursive?: boolean;
    readonly ParameterFilters?: readonly ParameterStringFilter[];
    readonly WithDecryption?: boolean;
    readonly MaxResults?: number;
    readonly NextToken?: string;
  };
  DeleteParameter: { readonly Name: string };
  DeleteParameters: { readonly Names: readonly string[] };
  DescribeParameters: {
    readonly Filters?: readonly ParametersFilter[];
    readonly ParameterFilters?: readonly ParameterStringFilter[];
    readonly MaxResults?: number;
    readonly NextToken?: string;
    readonly Shared?: boolean;
  };
  GetParameterHistory: { readonly Name: string; readonly WithDecryption?: boolean; readonly MaxResults?: number; readonly NextToken?: string };
  LabelParameterVersion: { readonly Name: string; readonly ParameterVersion?: number; readonly Labels: readonly string[] };
  UnlabelParameterVersion: { readonly Name: string; readonly ParameterVersion: number; readonly Labels: readonly string[] };
  AddTagsToResource: TagResource & { readonly Tags: readonly ParameterTag[] };
  RemoveTagsFromResource: TagResource & { readonly TagKeys: readonly string[] };
  ListTagsForResource: TagResource;
}

export interface ParametersOutputs {
  PutParameter: { readonly Version: number; readonly Tier: ParameterTier };
  GetParameter: { readonly Parameter: ParameterView };
  GetParameters: { readonly Parameters: readonly ParameterView[]; readonly InvalidParameters: readonly string[] };
  GetParametersByPath: { readonly Parameters: readonly ParameterView[]; readonly NextToken?: string };
  DeleteParameter: Record<string, never>;
  DeleteParameters: { readonly DeletedParameters: readonly string[]; readonly InvalidParameters: readonly string[] };
  DescribeParameters: { readonly Parameters: readonly ParameterMetadataView[]; readonly NextToken?: string };
  GetParameterHistory: { readonly Parameters: readonly ParameterHistoryView[]; readonly NextToken?: string };
  LabelParameterVersion: { readonly InvalidLabels: readonly string[]; readonly ParameterVersion: number };
  UnlabelParameterVersion: { readonly RemovedLabels: readonly string[]; readonly InvalidLabels: readonly string[] };
  AddTagsToResource: Record<string, never>;
  RemoveTagsFromResource: Record<string, never>;
  ListTagsForResource: { readonly TagList: readonly ParameterTag[] };
}

export type ParametersOperationName = keyof ParametersInputs;
