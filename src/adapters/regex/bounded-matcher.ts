import { createContext, Script } from "node:vm";

/** Whether `pattern` matches `text`, or "timeout" when it could not tell within the time allowed. */
export type BoundedMatch = (pattern: RegExp, text: string) => boolean | "timeout";

/**
 * Runs a caller's regular expression with a deadline. JavaScript's engine backtracks, so a pattern
 * such as `(a+)+b` takes exponential time on some values; run on the event loop it would freeze
 * every request of the process. V8 can interrupt a regular expression inside a vm script with a
 * timeout, which is what this does (one context, made once; the match itself is synchronous).
 */
export function boundedMatcher(timeoutMs: number): BoundedMatch {
  const context = createContext(Object.create(null) as object);
  const script = new Script("pattern.test(text)");
  return (pattern, text) => {
    Object.assign(context, { pattern, text });
    try {
      return script.runInContext(context, { timeout: timeoutMs }) === true;
    } catch (error) {
      // (The error may come from another realm: its code, not instanceof, says what it is.)
      if (typeof error === "object" && error !== null && (error as { code?: unknown }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT") return "timeout";
      throw error;
    } finally {
      Object.assign(context, { pattern: undefined, text: undefined });
    }
  };
}
