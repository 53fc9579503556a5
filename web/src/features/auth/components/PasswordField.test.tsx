import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, describe, expect, it } from "vitest";
import "@/lib/i18n";
import { checkPassword } from "../utils/passwordRules";
import { PasswordField } from "./PasswordField";

function NewPassword() {
  const [value, setValue] = useState("");
  return (
    <PasswordField
      label="Choose a password"
      value={value}
      onChange={setValue}
      autoComplete="new-password"
      check={checkPassword(value, { name: "Ada Lovelace", email: "ada@example.com" })}
    />
  );
}

afterEach(cleanup);

const rule = (name: string) => document.querySelector(`li[data-rule="${name}"]`);

describe("the new-password field", () => {
  it("ticks each rule as the person types, and the input is described by them", async () => {
    render(<NewPassword />);
    const input = screen.getByLabelText("Choose a password");
    expect(input.getAttribute("aria-describedby")).toContain("rules");
    expect(rule("length")?.getAttribute("data-ok")).toBe("false");
    await userEvent.type(input, "ada lovelace1");
    expect(rule("length")?.getAttribute("data-ok")).toBe("true");
    expect(rule("personal")?.getAttribute("data-ok")).toBe("false");
    await userEvent.clear(input);
    await userEvent.type(input, "plum-orbit-canvas");
    for (const name of ["length", "personal", "variety"])
      expect(rule(name)?.getAttribute("data-ok")).toBe("true");
    expect(screen.getAllByText("(done)", { exact: false })).toHaveLength(3);
  });

  it("shows and hides what was typed with a labelled switch", async () => {
    render(<NewPassword />);
    const input = screen.getByLabelText("Choose a password");
    expect(input.getAttribute("type")).toBe("password");
    await userEvent.click(screen.getByRole("button", { name: "Show password" }));
    expect(input.getAttribute("type")).toBe("text");
    expect(screen.getByRole("button", { name: "Hide password" }).getAttribute("aria-pressed")).toBe("true");
  });
});
