// Behaviour the pages declare with data attributes: no inline script (the
// Content-Security-Policy allows scripts from our own static files only).
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-submit-on-change]");
  if (field && field.form) field.form.submit();
});
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
// "Back to the previous page" on the error pages: shown only when there is one to go to.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-back]").forEach((button) => {
    if (window.history.length > 1) button.hidden = false;
  });
});
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-back]")) window.history.back();
});
