// « Copier » buttons: a button with data-copy="<id>" copies the text of that element. The
// buttons stay hidden where the Clipboard API is missing: the text remains selectable.
"use strict";
document.querySelectorAll("button[data-copy]").forEach(function (button) {
  var source = document.getElementById(button.dataset.copy);
  if (!source || !navigator.clipboard || !window.isSecureContext) return;
  var status = button.parentElement.querySelector(".copy-status");
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(source.textContent.trim()).then(function () {
      if (status) status.textContent = button.dataset.copied;
    });
  });
});
