/**
 * The password policy the server applies (shared/services/passwords.py), as far as a browser can
 * check it while the person types: length, and not made of their name, email or the site's name,
 * and not one character repeated. Whether it is a commonly used password only the server knows (its
 * list is too large to ship); its answer shows under the field.
 */
export const MIN_LENGTH = 12;
export const MAX_LENGTH = 128;
const SITE_NAME = "clickkloudy";
const MIN_DISTINCT = 4;

export type PasswordContext = { name?: string; email?: string };
export type RuleId = "length" | "personal" | "variety";
export type PasswordCheck = {
  /** Characters as the server counts them (NFKC code points). */
  length: number;
  tooLong: boolean;
  rules: Record<RuleId, boolean>;
  /** Every rule the browser can check holds (the server may still find it too common). */
  ok: boolean;
};

/** The same normalisation as the server (NIST 800-63B: NFKC). */
export function normalizePassword(password: string): string {
  return password.normalize("NFKC");
}

/** Words a password must not be made of: the email's local part, the name and the site's name. */
export function contextWords({ name, email }: PasswordContext): string[] {
  const local = (email ?? "").trim().split("@", 1)[0] ?? "";
  return [local, (name ?? "").trim(), SITE_NAME]
    .map((word) => word.toLowerCase())
    .filter((word) => [...word].length >= 4);
}

export function checkPassword(password: string, context: PasswordContext = {}): PasswordCheck {
  const value = normalizePassword(password);
  const lowered = value.toLowerCase();
  const length = [...value].length;
  const size = [...lowered].length;
  const personal = !contextWords(context).some(
    (word) => lowered === word || (lowered.includes(word) && size - [...word].length < 4),
  );
  const rules: Record<RuleId, boolean> = {
    length: length >= MIN_LENGTH && length <= MAX_LENGTH,
    personal: length > 0 && personal,
    variety: new Set(lowered).size >= MIN_DISTINCT,
  };
  return { length, tooLong: length > MAX_LENGTH, rules, ok: Object.values(rules).every(Boolean) };
}
