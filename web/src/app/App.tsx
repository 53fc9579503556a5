import { DirectionProvider } from "@radix-ui/react-direction";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { RouterProvider } from "react-router";
import { Toaster } from "sonner";
import { ApiError } from "@/lib/api/client";
import { direction } from "@/lib/i18n";
import { useTheme } from "@/lib/theme";
import { router } from "./router";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A 4xx will not change by asking again; a network blip or a 5xx might.
      retry: (count, error) => count < 2 && !(error instanceof ApiError && error.status < 500),
      refetchOnWindowFocus: true,
      staleTime: 15_000,
    },
  },
});

export function App() {
  const { i18n } = useTranslation();
  const theme = useTheme();
  const dir = direction(i18n.language);
  return (
    <DirectionProvider dir={dir}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
        <Toaster
          position={dir === "rtl" ? "bottom-left" : "bottom-right"}
          dir={dir}
          theme={theme}
          richColors
          closeButton
        />
      </QueryClientProvider>
    </DirectionProvider>
  );
}
