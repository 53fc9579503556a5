import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider, useLocation } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import "@/lib/i18n";
import type { Platform } from "../api/accounts";
import { OAuthResult } from "./OAuthResult";

vi.mock("sonner", () => ({ toast: { success: vi.fn(), error: vi.fn() } }));

const x = { platform: "x", name: "X", enabled: true } as Platform;

function Where() {
  const location = useLocation();
  return <span data-testid="where">{location.pathname + location.search}</span>;
}

function renderAt(url: string, onRetry = vi.fn()) {
  const router = createMemoryRouter(
    [
      {
        path: "/accounts",
        element: (
          <>
            <OAuthResult platforms={[x]} onRetry={onRetry} />
            <Where />
          </>
        ),
      },
    ],
    { initialEntries: [url] },
  );
  render(<RouterProvider router={router} />);
  return onRetry;
}

afterEach(cleanup);

describe("coming back from a platform's sign-in page", () => {
  it("says how many accounts connected, and goes away when dismissed", async () => {
    renderAt("/accounts?platform=x&connected=2&workspace=w1");
    expect(screen.getByRole("status")).toHaveTextContent("X is connected");
    expect(screen.getByRole("status")).toHaveTextContent(
      "2 X accounts are connected and ready to publish to.",
    );
    await userEvent.click(screen.getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByRole("status")).toBeNull();
    expect(screen.getByTestId("where")).toHaveTextContent(/^\/accounts$/);
  });

  it("puts a refusal in words, and offers to try again", async () => {
    const onRetry = renderAt("/accounts?platform=x&error=access_denied&message=denied");
    expect(screen.getByRole("alert")).toHaveTextContent(
      "Access was not allowed on X, so nothing was connected.",
    );
    await userEvent.click(screen.getByRole("button", { name: "Connect X again" }));
    expect(onRetry).toHaveBeenCalledWith(x);
  });

  it("shows the platform's own words for a refusal it has no sentence for", () => {
    renderAt("/accounts?platform=x&error=temporarily_unavailable&message=Try+later+please");
    expect(screen.getByRole("alert")).toHaveTextContent("Try later please");
  });
});
