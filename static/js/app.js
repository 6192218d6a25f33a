// Behaviour the pages declare with data attributes: no inline script (the
// Content-Security-Policy allows scripts from our own static files only).
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-submit-on-change]");
  if (field && field.form) field.form.submit();
});
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
