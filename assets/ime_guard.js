// Keeps the Enter that confirms an input-method candidate from submitting a form.
// While a Chinese input method composes, the Enter key picks a candidate. Chrome and Firefox
// report that keydown with isComposing true, and Safari reports it after compositionend with
// keyCode 229. Reflex forms submit on Enter and handlers may listen for Enter, so both are
// stopped here, before React's root listeners see them. The composed text itself is untouched:
// the keydown is not cancelled, only kept from the page's handlers.
(function () {
  "use strict";
  var composing = false;
  var lastCompositionEnd = 0;
  var lastImeEnter = 0;
  // How long after a composition ends an Enter still counts as the candidate confirmation.
  var AFTER_COMPOSITION_MS = 100;

  document.addEventListener("compositionstart", function () { composing = true; }, true);
  document.addEventListener("compositionend", function () {
    composing = false;
    lastCompositionEnd = Date.now();
  }, true);

  function isImeEnter(event) {
    if (event.key !== "Enter" && event.keyCode !== 13 && event.keyCode !== 229) return false;
    return event.isComposing || event.keyCode === 229 || composing;
  }

  function swallowKey(event) {
    if (!isImeEnter(event)) return;
    lastImeEnter = Date.now();
    event.stopImmediatePropagation();
  }

  document.addEventListener("keydown", swallowKey, true);
  document.addEventListener("keypress", swallowKey, true);
  document.addEventListener("keyup", swallowKey, true);

  document.addEventListener("submit", function (event) {
    var now = Date.now();
    if (composing || now - lastImeEnter < AFTER_COMPOSITION_MS ||
        (event.submitter == null && now - lastCompositionEnd < AFTER_COMPOSITION_MS)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
})();
