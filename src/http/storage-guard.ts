import { ServiceError } from "../core/errors.js";
import type { StorageSpace } from "../ports/storage-space.js";

export const SHORT_OF_SPACE_MESSAGE =
  "Strongbox cannot write its store: the disk is full. Changes are refused until the operator frees space; reads go on.";

/**
 * While the store is short of space, a call that changes anything is refused before it starts, as
 * the service's internal fault with a message that says why (reads go on: see DiskReserve).
 */
export function refuseChangeWhenShortOfSpace(storage: StorageSpace | undefined, readOnly: boolean, internalErrorType: ServiceError["type"]): void {
  if (!readOnly && storage?.shortOfSpace() === true) throw new ServiceError(internalErrorType, SHORT_OF_SPACE_MESSAGE);
}

/** The answer to a call that failed for want of space: the same words as the refusal, not the fixed internal text. */
export function outOfSpaceAnswer(storage: StorageSpace | undefined, error: unknown, internalErrorType: ServiceError["type"]): unknown {
  return storage?.noteFailure(error) === true ? new ServiceError(internalErrorType, SHORT_OF_SPACE_MESSAGE) : error;
}
