import { readFileSync } from "node:fs";
import { parse } from "yaml";

/** An emulator's seed file, YAML or JSON (YAML 1.2 reads JSON as it is), before its schema is checked. */
export function readSeedFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    // Duplicate keys are an error, not "the last one wins": a seed must say one thing.
    return parse(text, { uniqueKeys: true, prettyErrors: true });
  } catch (error) {
    throw new Error(`it is not valid YAML or JSON: ${(error as Error).message.split("\n")[0]}`);
  }
}
