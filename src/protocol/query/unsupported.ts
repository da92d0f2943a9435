import { z } from "zod";
import { ServiceError } from "../../core/errors.js";

/**
 * A member of the AWS model that Strongbox does not implement. Ignoring it would quietly grant
 * more than the caller asked for (a permissions boundary, a session policy), so it is refused.
 */
export function unsupported(member: string) {
  return z
    .unknown()
    .transform((): never => {
      throw new ServiceError("ValidationException", `Strongbox does not support the ${member} parameter.`);
    })
    .optional();
}
