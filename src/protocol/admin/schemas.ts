import { isIP } from "node:net";
import { z } from "zod";
import type { EncryptionContext } from "../../core/kms/encryption-context.js";
import { parseKeyRef, type KeyRef } from "../../core/kms/identifiers.js";
import { encryptionContext } from "../wire-types.js";

/** The Strongbox admin API (JSON 1.1, X-Amz-Target StrongboxAdmin.<Operation>, SigV4 for service "kms"). */
export const ADMIN_TARGET_PREFIX = "StrongboxAdmin.";

export interface SimulateKeyAccessInput {
  readonly PrincipalArn: string;
  readonly Action: string;
  readonly KeyId: KeyRef;
  readonly EncryptionContext?: EncryptionContext;
  readonly SourceIp?: string;
}

export const simulateKeyAccessSchema: z.ZodType<SimulateKeyAccessInput, unknown> = z.object({
  PrincipalArn: z.string().min(1).max(2048),
  Action: z.string().min(1).max(128),
  KeyId: z.string().min(1).max(2048).transform(parseKeyRef),
  EncryptionContext: encryptionContext("EncryptionContext").optional(),
  SourceIp: z.string().min(2).max(64).refine((value) => isIP(value) !== 0, "Member must be an IPv4 or IPv6 address").optional(),
});

export interface SimulateKeyAccessOutput {
  readonly Decision: "allowed" | "denied";
  readonly Reason: string;
  readonly Explanation: string;
  readonly DecidedBy?: string;
  readonly GrantId?: string;
  readonly PrincipalArn: string;
  readonly Action: string;
  readonly Resource: string;
}

const epochSeconds = z.number().finite().transform((seconds) => new Date(seconds * 1000));

export interface KeyConfigurationHistoryInput {
  readonly KeyId: string;
  readonly StartTime?: Date;
  readonly EndTime?: Date;
}

export const keyConfigurationHistorySchema: z.ZodType<KeyConfigurationHistoryInput, unknown> = z.object({
  KeyId: z.string().min(1).max(2048),
  StartTime: epochSeconds.optional(),
  EndTime: epochSeconds.optional(),
});

export interface DiffKeyConfigurationInput {
  readonly KeyId: string;
  readonly From: Date;
  readonly To: Date;
}

export const diffKeyConfigurationSchema: z.ZodType<DiffKeyConfigurationInput, unknown> = z.object({
  KeyId: z.string().min(1).max(2048),
  From: epochSeconds,
  To: epochSeconds,
});

export interface ListFindingsInput {
  readonly Severity?: "LOW" | "MEDIUM" | "HIGH";
  readonly Rule?: string;
  readonly MaxResults?: number;
}

export const listFindingsSchema: z.ZodType<ListFindingsInput, unknown> = z.object({
  Severity: z.enum(["LOW", "MEDIUM", "HIGH"]).optional(),
  Rule: z.string().min(1).max(64).optional(),
  MaxResults: z.number().int().min(1).max(1000).optional(),
});

/** Operations that take no input (Seal, RotateRootKey): any unknown member is refused. */
export const emptySchema: z.ZodType<Record<string, never>, unknown> = z.object({}).strict();
