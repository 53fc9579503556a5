import { describe, expect, it } from "vitest";
import { checkPassword, contextWords, MIN_LENGTH } from "./passwordRules";

describe("password rules", () => {
  it("asks for at least twelve characters, counted as the server counts them", () => {
    expect(checkPassword("short-one").rules.length).toBe(false);
    expect(checkPassword("plum-orbit-canvas").rules.length).toBe(true);
    // Eleven emoji are eleven characters, not twenty-two UTF-16 units.
    expect(checkPassword("🍑".repeat(MIN_LENGTH - 1)).length).toBe(MIN_LENGTH - 1);
    // NFKC, like the server: a full-width letter is one ordinary letter.
    expect(checkPassword("ｐ").length).toBe(1);
  });

  it("says when a password is too long", () => {
    const long = checkPassword("a1b2c3d4".repeat(17));
    expect(long.tooLong).toBe(true);
    expect(long.rules.length).toBe(false);
  });

  it("refuses the name, the email's local part and the site's name, with a short suffix or alone", () => {
    const context = { name: "Ada Lovelace", email: "Countess.Ada@example.com" };
    expect(contextWords(context)).toEqual(["countess.ada", "ada lovelace", "clickkloudy"]);
    expect(checkPassword("countess.ada", context).rules.personal).toBe(false);
    expect(checkPassword("Countess.Ada1", context).rules.personal).toBe(false);
    expect(checkPassword("ada lovelace!!", context).rules.personal).toBe(false);
    expect(checkPassword("clickKloudy123", context).rules.personal).toBe(false);
    // Four or more characters beyond the word: the server accepts it, so do we.
    expect(checkPassword("clickKloudy-plum", context).rules.personal).toBe(true);
    expect(checkPassword("plum-orbit-canvas-42", context).rules.personal).toBe(true);
  });

  it("ignores context words shorter than four characters", () => {
    expect(contextWords({ name: "Bo", email: "al@example.com" })).toEqual(["clickkloudy"]);
  });

  it("asks for at least four different characters", () => {
    expect(checkPassword("abababababab").rules.variety).toBe(false);
    expect(checkPassword("abcdabcdabcd").rules.variety).toBe(true);
  });

  it("is ok only when every rule holds", () => {
    expect(checkPassword("").ok).toBe(false);
    expect(checkPassword("plum-orbit-canvas-42", { name: "Ada", email: "ada@example.com" }).ok).toBe(true);
  });
});
