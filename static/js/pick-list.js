// A searchable pick list over a group of NHS.UK checkboxes (careers, ambassadors on the session log).
// Without JavaScript the checkboxes are the whole control: tick as many as you like, no keyboard
// modifier. With it, a labelled search box above them hides the ones that do not match what is typed
// (ticked ones always stay in view), and a polite live region says how many are shown and ticked.

const fold = (text) =>
  text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLocaleLowerCase();

let counter = 0;

function enhance(container) {
  const group = container.querySelector(".nhsuk-checkboxes");
  if (!group || container.dataset.enhanced) return;
  container.dataset.enhanced = "true";
  counter += 1;
  const id = `app-pick-list-search-${counter}`;
  const items = [...group.querySelectorAll(".nhsuk-checkboxes__item")].map((item) => {
    const box = item.querySelector("input[type=checkbox]");
    const reveal = box.getAttribute("aria-controls") ? document.getElementById(box.getAttribute("aria-controls")) : null;
    return { item, box, reveal, text: fold(item.textContent) };
  });

  const search = document.createElement("div");
  search.className = "nhsuk-form-group app-pick-list__search";
  const label = document.createElement("label");
  label.className = "nhsuk-label";
  label.htmlFor = id;
  label.textContent = container.dataset.searchLabel;
  const input = document.createElement("input");
  input.className = "nhsuk-input";
  input.type = "search";
  input.id = id;
  input.autocomplete = "off";
  if (!group.id) group.id = `${id}-items`;
  input.setAttribute("aria-controls", group.id);
  const status = document.createElement("p");
  status.className = "nhsuk-body-s app-pick-list__status";
  status.setAttribute("aria-live", "polite");
  search.append(label, input, status);
  group.before(search);
  group.classList.add("app-pick-list__items");

  const update = () => {
    const words = fold(input.value).split(/\s+/).filter(Boolean);
    let shown = 0;
    let chosen = 0;
    for (const entry of items) {
      const match = entry.box.checked || words.every((word) => entry.text.includes(word));
      entry.item.hidden = !match;
      if (entry.reveal && !match) entry.reveal.hidden = true;
      if (entry.reveal && match) entry.reveal.hidden = false;
      shown += match ? 1 : 0;
      chosen += entry.box.checked ? 1 : 0;
    }
    status.textContent = container.dataset.shownText.replace("{shown}", shown).replace("{chosen}", chosen);
  };
  input.addEventListener("input", update);
  // Enter in the search box must not send the form half-filled.
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault();
  });
  group.addEventListener("change", update);
  update();
}

for (const container of document.querySelectorAll('[data-module="app-pick-list"]')) {
  enhance(container);
}
