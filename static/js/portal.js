// Start the NHS.UK frontend components (header menu, error summary focus, radios, and so on).
import { initAll } from "../vendor/nhsuk/nhsuk-frontend.min.js";

initAll();

// "Print this page" buttons: a small enhancement, the browser's own print works without it.
for (const button of document.querySelectorAll('[data-module="app-print"]')) {
  button.addEventListener("click", () => window.print());
}
