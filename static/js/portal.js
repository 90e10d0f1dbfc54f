// Start the NHS.UK frontend components (header menu, error summary focus, radios, and so on).
import { initAll } from "../vendor/nhsuk/nhsuk-frontend.min.js";

initAll();

// "Print this page" buttons: a small enhancement, the browser's own print works without it.
for (const button of document.querySelectorAll('[data-module="app-print"]')) {
  button.addEventListener("click", () => window.print());
}

// An import running in the background: show its progress as it goes, then the final page.
// Without JavaScript the page has a "check again" link instead.
for (const status of document.querySelectorAll("[data-progress-url]")) {
  const bar = document.querySelector("[data-progress-bar]");
  const poll = async () => {
    try {
      const response = await fetch(status.dataset.progressUrl, { headers: { Accept: "application/json" } });
      const state = await response.json();
      if (state.status !== "running") {
        window.location.reload();
        return;
      }
      if (state.total) {
        status.textContent = status.dataset.template.replace("{done}", state.done.toLocaleString()).replace("{total}", state.total.toLocaleString());
        if (bar) {
          bar.max = state.total;
          bar.value = state.done;
        }
      }
    } catch {
      // A failed poll is tried again on the next tick.
    }
    window.setTimeout(poll, 1500);
  };
  window.setTimeout(poll, 1000);
}

// Filters folded away in a <details> on a phone, so the results come first; on a wider screen they sit
// beside the results, open. Without JavaScript the details stay and open with a tap.
const wideScreen = window.matchMedia("(min-width: 48.0625em)");
for (const filters of document.querySelectorAll('[data-module="app-filters"]')) {
  const fit = () => {
    if (wideScreen.matches) {
      filters.open = true;
    }
  };
  fit();
  wideScreen.addEventListener("change", fit);
}

// A report's period: choosing "Custom dates" opens the date fields at once. Without JavaScript
// they open when the form comes back, and can be opened by hand.
for (const select of document.querySelectorAll('select[name="period"]')) {
  const dates = select.form && select.form.querySelector("details[data-custom-dates]");
  if (dates) {
    select.addEventListener("change", () => {
      if (select.value === "custom") {
        dates.open = true;
      }
    });
  }
}
