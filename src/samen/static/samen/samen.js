// Small behaviours without inline script (the Content-Security-Policy forbids it). Every page
// works without this file; it only improves focus, the phone menu and wide tables.
(function () {
  "use strict";

  // Print buttons.
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });

  // The error summary: focus it when the page (or an htmx fragment) arrives with one, and let
  // its links put the focus in the field itself, with the field's label in view.
  function focusErrorSummary(root) {
    var summary = (root || document).querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) {
      return;
    }
    var input = document.getElementById(link.getAttribute("href").slice(1));
    if (!input) {
      return;
    }
    event.preventDefault();
    var legendOrLabel = input.closest("fieldset");
    legendOrLabel = legendOrLabel ? legendOrLabel.querySelector("legend")
      : document.querySelector("label[for='" + input.id + "']");
    (legendOrLabel || input).scrollIntoView();
    input.focus({ preventScroll: true });
  });

  // The name of a table's scroll container: its caption, else the heading above it.
  function nameOf(box) {
    var caption = box.querySelector("caption");
    if (caption) {
      return caption.textContent.trim();
    }
    for (var node = box; node && node !== document.body; node = node.parentElement) {
      for (var before = node.previousElementSibling; before; before = before.previousElementSibling) {
        if (/^H[1-6]$/.test(before.tagName)) {
          return before.textContent.trim();
        }
      }
    }
    return document.title;
  }

  // Wide tables: a container that scrolls sideways can be reached and read by keyboard.
  function markScrollers(root) {
    (root || document).querySelectorAll(".table-scroll").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
          box.setAttribute("aria-label", nameOf(box));
        }
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
      }
    });
  }

  // The main menu folds behind its "Menu" button on narrow screens; on wide ones it is a bar.
  var narrow = window.matchMedia("(max-width: 48rem)");
  function fitMenu() {
    document.querySelectorAll("details[data-menu]").forEach(function (menu) {
      menu.open = !narrow.matches;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    fitMenu();
    markScrollers();
    focusErrorSummary();
  });
  narrow.addEventListener("change", fitMenu);
  window.addEventListener("resize", function () { markScrollers(); });
  document.addEventListener("htmx:afterSwap", function (event) {
    markScrollers(event.target);
    focusErrorSummary(event.target);
  });
})();
