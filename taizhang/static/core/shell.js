// The page shell's one behaviour: the language menu switches as soon as it changes (a button
// does it without JavaScript). Kept in a file: the Content-Security-Policy allows no inline
// script, nor inline event handlers.
document.addEventListener("change", (event) => {
  if (event.target.matches("[data-submit-on-change]")) event.target.form.requestSubmit();
});
