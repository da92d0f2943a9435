/**
 * The Secrets Manager operations Strongbox serves, with their typed inputs and outputs (wire
 * member names). The wire schemas (protocol/secrets/schemas.ts) produce the inputs; the use cases
 * (app/secrets) take them. Both tables are keyed by these names, so the compiler refuses one
 * that misses an operation.
 */
export interface SecretsInputs {
  GetRandomPassword: {
    readonly PasswordLength?: number;
    readonly ExcludeCharacters?: string;
    readonly ExcludeNumbers?: boolean;
    readonly ExcludePunctuation?: boolean;
    readonly ExcludeUppercase?: boolean;
    readonly ExcludeLowercase?: boolean;
    readonly IncludeSpace?: boolean;
    readonly RequireEachIncludedType?: boolean;
  };
}

export interface SecretsOutputs {
  GetRandomPassword: { readonly RandomPassword: string };
}

export type SecretsOperationName = keyof SecretsInputs;
