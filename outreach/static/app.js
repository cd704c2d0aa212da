// The app's only script. Everything works without it; it makes htmx requests carry the
// CSRF token and moves focus to what a swap brought in.
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var method = (event.detail.verb || "get").toUpperCase();
    if (method !== "GET") {
      event.detail.headers["X-CSRFToken"] = csrfToken();
    }
  });

  // After a swap, put keyboard focus where the user's work continues: an invalid field,
  // an autofocus field, or an element marked data-focus.
  document.addEventListener("htmx:afterSettle", function (event) {
    var root = event.detail.elt;
    if (!root || !root.querySelector) {
      return;
    }
    var target = root.querySelector('[aria-invalid="true"]') ||
      root.querySelector("[autofocus]") ||
      root.querySelector("[data-focus]");
    if (!target && root.matches && root.matches("[data-focus]")) {
      target = root;
    }
    if (target) {
      target.focus();
    }
  });
})();
