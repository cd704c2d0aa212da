// The app's only script. Everything works without it; it makes htmx requests carry the
// CSRF token, moves focus to what a swap brought in, and says why a request failed.
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

  var FOCUSABLE = 'a[href], button:not([disabled]), input:not([type="hidden"]):not([disabled]), ' +
    "select:not([disabled]), textarea:not([disabled])";

  // After a swap, put keyboard focus where the user's work continues: an invalid field,
  // an autofocus field, or an element marked data-focus.
  document.addEventListener("htmx:afterSettle", function (event) {
    var root = event.detail.elt;
    // Content that arrives by itself (a Min side panel loading) leaves the focus alone.
    if (!root || !root.querySelector || (root.matches && root.matches("[data-keep-focus]"))) {
      return;
    }
    var target = root.querySelector('[aria-invalid="true"]') ||
      root.querySelector("[autofocus]") ||
      root.querySelector("[data-focus]");
    if (!target && root.matches && root.matches("[data-focus]")) {
      target = root;
    }
    // The swap removed the focused element (a Cancel link, a Save button): carry on from
    // the first control in what replaced it, not from the top of the page.
    var active = document.activeElement;
    if (!target && (!active || active === document.body)) {
      target = root.matches && root.matches(FOCUSABLE) ? root : root.querySelector(FOCUSABLE);
    }
    if (target) {
      target.focus();
    }
  });

  // htmx swaps no 4xx/5xx answer (responseHandling in base.html), so without this a failed
  // request (an expired form, no access, a server error) would look like nothing happened.
  // The server's error fragment carries the message in the user's language.
  function showError(text) {
    var flash = document.getElementById("flash");
    if (!flash) {
      return;
    }
    var message = document.createElement("p");
    message.className = "flash flash-error";
    message.textContent = text;
    flash.replaceChildren(message);
  }

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var page = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
    var message = page.querySelector(".error-page p");
    showError(message ? message.textContent.trim() : xhr.status + " " + xhr.statusText);
  });

  // The text comes from the page (base.html), so it is in the user's language.
  document.addEventListener("htmx:sendError", function () {
    showError(document.body.getAttribute("data-offline-message") || "Offline");
  });

  // A print button (the interview sheets): shown only where this script runs, since
  // printing needs it; without it the browser's own Print command does the same.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });

  // A form that starts a long task (the planner) shows that it is working, and cannot be
  // sent twice while it does.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-long-task")) {
      return;
    }
    form.querySelectorAll("button[type=submit]").forEach(function (button) {
      button.setAttribute("aria-busy", "true");
      button.disabled = true;
    });
  });
})();
