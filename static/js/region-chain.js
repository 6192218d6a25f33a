// The address picker (apps/regions/forms.py, RegionChainWidget). Choosing a level loads the
// next level's options from /regions/<code>/children/; typing in a level's search box
// narrows that level through the same endpoint (?q=...), after a short pause so a slow
// laptop sends one request, not one a key. Without this script the selects still post and
// the server fills the next level in.
(() => {
  if (window.regionChainReady) return;
  window.regionChainReady = true;

  const PAUSE_MS = 250;
  const timers = new WeakMap();
  const requests = new WeakMap();

  const chainOf = (element) => element.closest("[data-region-chain]");
  const selects = (chain) => Array.from(chain.querySelectorAll("select[data-region-level]"));
  const levelOf = (select) => Number(select.dataset.regionLevel);
  const searchOf = (select) => select.closest("[data-region-part]").querySelector("[data-region-search]");

  function url(chain, parent, q) {
    const path = parent ? chain.dataset.childrenUrl.replace("/00/", `/${parent}/`) : chain.dataset.topUrl;
    const address = new URL(path, window.location.href);
    if (q) address.searchParams.set("q", q);
    // The answer is cached by the browser; its placeholder is in the page's language.
    address.searchParams.set("lang", document.documentElement.lang);
    return address;
  }

  // Replace a select's options with the endpoint's answer; false when it failed or was overtaken.
  async function load(select, address) {
    requests.get(select)?.abort();
    const controller = new AbortController();
    requests.set(select, controller);
    select.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(address, { signal: controller.signal, headers: { "HX-Request": "true" } });
      if (!response.ok) return false;
      select.innerHTML = await response.text();
      return true;
    } catch (error) {
      if (error.name === "AbortError") return false;
      throw error;
    } finally {
      if (requests.get(select) === controller) {
        requests.delete(select);
        select.removeAttribute("aria-busy");
      }
    }
  }

  function clearBelow(chain, level) {
    for (const select of selects(chain)) {
      if (levelOf(select) <= level) continue;
      requests.get(select)?.abort();
      select.innerHTML = "";
      select.add(new Option(select.dataset.placeholder, ""));
      searchOf(select).value = "";
    }
  }

  async function chosen(select) {
    const chain = chainOf(select);
    clearBelow(chain, levelOf(select));
    const next = selects(chain).find((s) => levelOf(s) === levelOf(select) + 1);
    if (next && select.value) await load(next, url(chain, select.value));
  }

  async function narrow(input) {
    const select = input.closest("[data-region-part]").querySelector("select[data-region-level]");
    const chain = chainOf(select);
    const parentSelect = selects(chain).find((s) => levelOf(s) === levelOf(select) - 1);
    if (parentSelect && !parentSelect.value) return;
    const previous = select.value;
    if (!(await load(select, url(chain, parentSelect?.value, input.value.trim())))) return;
    const choices = Array.from(select.options).filter((option) => option.value);
    if (choices.some((option) => option.value === previous)) {
      select.value = previous;
      return;
    }
    // One match is the user's choice; otherwise the levels below no longer follow.
    select.value = choices.length === 1 ? choices[0].value : "";
    await chosen(select);
  }

  document.addEventListener("change", (event) => {
    const select = event.target.closest("select[data-region-level]");
    if (select) chosen(select);
  });
  document.addEventListener("input", (event) => {
    const input = event.target.closest("[data-region-search]");
    if (!input) return;
    clearTimeout(timers.get(input));
    timers.set(input, setTimeout(() => narrow(input), PAUSE_MS));
  });
  document.addEventListener("keydown", (event) => {
    const input = event.target.closest("[data-region-search]");
    if (!input || event.key !== "Enter") return;
    event.preventDefault(); // Enter narrows now; it does not submit the form
    clearTimeout(timers.get(input));
    narrow(input);
  });

  // Typing is offered only where this script runs.
  const reveal = () => {
    for (const input of document.querySelectorAll("[data-region-search]")) input.hidden = false;
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", reveal);
  else reveal();
})();
