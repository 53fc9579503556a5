import { act, render, screen } from "@testing-library/react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { describe, expect, it } from "vitest";
import { useSearchState } from "@/lib/searchParams";

function Filters() {
  const { params, update } = useSearchState();
  return (
    <>
      <output>{params.toString()}</output>
      <button type="button" onClick={() => update({ status: "draft" })}>
        status
      </button>
      <button
        type="button"
        onClick={() => {
          // Two changes before the address re-renders: both must land.
          update({ status: "" });
          update({ account: "a1" });
        }}
      >
        both
      </button>
    </>
  );
}

describe("page state in the address", () => {
  it("keeps every change made before the page renders again", async () => {
    const router = createMemoryRouter([{ path: "/", element: <Filters /> }], {
      initialEntries: ["/?q=sale"],
    });
    render(<RouterProvider router={router} />);
    await act(async () => screen.getByRole("button", { name: "status" }).click());
    expect(screen.getByRole("status").textContent).toBe("q=sale&status=draft");
    await act(async () => screen.getByRole("button", { name: "both" }).click());
    expect(screen.getByRole("status").textContent).toBe("q=sale&account=a1");
  });
});
