// The event form shows only the fields of the chosen kind. Each such field's wrapper names
// its kinds in data-kinds; without this script every field stays visible and the server
// ignores the fields of other kinds.
function showFieldsOfKind(form) {
  const kind = form.querySelector("[name=kind]");
  if (!kind) return;
  for (const row of form.querySelectorAll("[data-kinds]")) {
    row.hidden = !row.dataset.kinds.split(" ").includes(kind.value);
  }
}
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form[data-event-form]").forEach(showFieldsOfKind);
});
document.addEventListener("change", (event) => {
  const form = event.target.closest("form[data-event-form]");
  if (form && event.target.name === "kind") showFieldsOfKind(form);
});
