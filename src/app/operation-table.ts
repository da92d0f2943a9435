import type { RequestContext } from "./context.js";

/** A use case: typed input in, typed output out, for one authenticated request. */
export type Handler<I, O> = (input: I, ctx: RequestContext) => Promise<O>;

/** One row of a service's operation table: the IAM action it is authorized as, and its use case. */
export interface OperationRow<I, O> {
  readonly action: string;
  readonly readOnly: boolean;
  readonly handler: Handler<I, O>;
}

/** A row for every operation that has both an input and an output type: the compiler refuses a missing one. */
export type OperationTable<Inputs, Outputs> = { readonly [K in keyof Inputs & keyof Outputs]: OperationRow<Inputs[K], Outputs[K]> };
