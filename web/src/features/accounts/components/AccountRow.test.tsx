import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import "@/lib/i18n";
import type { Account } from "../api/accounts";
import { AccountRow } from "./AccountRow";

const account = (change: Partial<Account> = {}): Account => ({
  id: "a1",
  platform: "x",
  handle: "acme",
  display_name: "Acme",
  status: "active",
  health: "connected",
  token_expires_at: null,
  created_at: "2027-01-01T00:00:00Z",
  ...change,
});

afterEach(cleanup);

describe("an account's row", () => {
  it("says an account needs reconnecting, why, and offers to reconnect it", async () => {
    const onAction = vi.fn();
    const needs = account({
      status: "needs_reauth",
      health: "needs_reauth",
      last_error: "The token was revoked at X.",
    });
    render(<AccountRow account={needs} platformName="X" canManage busy={false} onAction={onAction} />);
    expect(screen.getByText("Needs reconnecting")).toBeInTheDocument();
    expect(screen.getByText("The token was revoked at X.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Reconnect Acme" }));
    expect(onAction).toHaveBeenCalledWith("reconnect", needs);
  });

  it("shows a paused account as paused, with the handle and platform", () => {
    render(
      <AccountRow
        account={account({ status: "disconnected", health: "disconnected" })}
        platformName="X"
        canManage
        busy={false}
        onAction={vi.fn()}
      />,
    );
    expect(screen.getByText("Paused")).toBeInTheDocument();
    expect(screen.getByText("@acme")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Actions for Acme" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Reconnect Acme" })).toBeNull();
  });

  it("offers no actions to people who cannot manage accounts", () => {
    render(
      <AccountRow
        account={account({ status: "needs_reauth", health: "needs_reauth" })}
        platformName="X"
        canManage={false}
        busy={false}
        onAction={vi.fn()}
      />,
    );
    expect(screen.getByText(/X no longer accepts this account's sign-in/)).toBeInTheDocument();
    expect(screen.queryAllByRole("button")).toHaveLength(0);
  });
});
