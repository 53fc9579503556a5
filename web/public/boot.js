// Before the first paint: the saved language and theme, so the page never flashes the wrong
// direction or colours. A file of its own, because the CSP allows no inline script.
(function () {
  try {
    var lang = localStorage.getItem("ck.lang") || (navigator.language || "en").slice(0, 2);
    if (lang !== "ar") lang = "en";
    document.documentElement.lang = lang;
    document.documentElement.dir = lang === "ar" ? "rtl" : "ltr";
    var theme = localStorage.getItem("ck.theme") || "system";
    var dark = theme === "dark" || (theme === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
    document.documentElement.classList.toggle("dark", dark);
  } catch (e) {}
})();
