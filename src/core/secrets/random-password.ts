/**
 * Secrets Manager's GetRandomPassword, as a pure function of its options and a source of random
 * bytes (docs/research/secrets-manager-reference.md §7): characters drawn uniformly from the
 * included classes, at least one of each class that is included unless RequireEachIncludedType
 * is false, ExcludeCharacters taken out of every class.
 */
export interface PasswordOptions {
  /** 1–4096 (the wire schema checks the range); 32 when absent. */
  readonly passwordLength?: number | undefined;
  readonly excludeCharacters?: string | undefined;
  readonly excludeNumbers?: boolean | undefined;
  readonly excludePunctuation?: boolean | undefined;
  readonly excludeUppercase?: boolean | undefined;
  readonly excludeLowercase?: boolean | undefined;
  readonly includeSpace?: boolean | undefined;
  /** AWS: "If you don't include this switch, the password contains at least one of every character type." */
  readonly requireEachIncludedType?: boolean | undefined;
}

export const DEFAULT_PASSWORD_LENGTH = 32;

const UPPERCASE = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWERCASE = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";
/** The 32 ASCII punctuation characters. */
const PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

export type PasswordOutcome = { readonly ok: true; readonly password: string } | { readonly ok: false; readonly message: string };

export function randomPassword(options: PasswordOptions, randomBytes: (n: number) => Buffer): PasswordOutcome {
  const length = options.passwordLength ?? DEFAULT_PASSWORD_LENGTH;
  const excluded = new Set(options.excludeCharacters ?? "");
  const keep = (chars: string) => [...chars].filter((c) => !excluded.has(c)).join("");
  const classes = [
    options.excludeUppercase === true ? "" : UPPERCASE,
    options.excludeLowercase === true ? "" : LOWERCASE,
    options.excludeNumbers === true ? "" : DIGITS,
    options.excludePunctuation === true ? "" : PUNCTUATION,
    options.includeSpace === true ? " " : "",
  ]
    .map(keep)
    .filter((chars) => chars.length > 0);
  if (classes.length === 0) return { ok: false, message: "All characters have been excluded from selection." };
  const requireEach = options.requireEachIncludedType !== false;
  if (requireEach && length < classes.length) return { ok: false, message: "Password length is too short based on the required types." };
  const pool = classes.join("");
  const { pick, wipe } = uniformPicker(randomBytes);
  try {
    const chars = Array.from({ length }, () => pool[pick(pool.length)]!);
    if (requireEach) {
      // One position per class, chosen at random without repeats, gets a character of that class.
      const positions = Array.from({ length }, (_, i) => i);
      classes.forEach((members, k) => {
        const slot = k + pick(length - k);
        [positions[k], positions[slot]] = [positions[slot]!, positions[k]!];
        chars[positions[k]!] = members[pick(members.length)]!;
      });
    }
    return { ok: true, password: chars.join("") };
  } finally {
    wipe();
  }
}

/**
 * Uniform integers in [0, n) from random bytes, by rejection: a 32-bit draw above the largest
 * multiple of n is thrown away, so no value is likelier than another. The bytes a password was
 * drawn from are as secret as the password: `wipe` zeroes them.
 */
function uniformPicker(randomBytes: (n: number) => Buffer): { pick: (n: number) => number; wipe: () => void } {
  let buffer: Buffer = Buffer.alloc(0);
  let at = 0;
  const next32 = () => {
    if (at + 4 > buffer.length) {
      buffer.fill(0);
      buffer = randomBytes(1024);
      at = 0;
    }
    const value = buffer.readUInt32BE(at);
    at += 4;
    return value;
  };
  return {
    pick: (n) => {
      const limit = Math.floor(0x1_0000_0000 / n) * n;
      for (;;) {
        const value = next32();
        if (value < limit) return value % n;
      }
    },
    wipe: () => buffer.fill(0),
  };
}
