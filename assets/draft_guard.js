// Keeps a copy of what the user types in forms marked data-draft-key in localStorage until the
// server has it. The server receives a field only on blur. When the connection is down at that
// moment, Reflex queues the event in memory, so a reload would lose it. On the next mount of the form,
// every field whose server value differs from the copy gets the copy back and a blur, which
// sends it to the server again. The server drops a field's copy once it has stored that value
// (window.ataDraftForget), and a copy equal to what the server shows is dropped on mount.
(function () {
  "use strict";
  var PREFIX = "ata-draft:";

  function storageKey(form) {
    return PREFIX + form.getAttribute("data-draft-key");
  }

  function readCopy(key) {
    try {
      return JSON.parse(window.localStorage.getItem(key) || "{}");
    } catch (error) {
      return {};
    }
  }

  function writeCopy(key, copy) {
    if (Object.keys(copy).length === 0) {
      window.localStorage.removeItem(key);
    } else {
      window.localStorage.setItem(key, JSON.stringify(copy));
    }
  }

  function isTextField(element) {
    return element && element.id && (element.tagName === "INPUT" || element.tagName === "TEXTAREA") &&
      element.type !== "checkbox" && element.type !== "password";
  }

  function remember(element) {
    if (!isTextField(element)) return;
    var form = element.closest("[data-draft-key]");
    if (!form) return;
    var key = storageKey(form);
    var copy = readCopy(key);
    copy[element.id] = element.value;
    writeCopy(key, copy);
  }

  // Text still being composed by an input method is not final; compositionend records it.
  document.addEventListener("input", function (event) {
    if (!event.isComposing) remember(event.target);
  }, true);
  document.addEventListener("compositionend", function (event) {
    remember(event.target);
  }, true);

  // Restores only what was in the copy when the form appeared: text typed since then is the
  // user's current work, and the field being typed in is never touched (a restore there would
  // send a value in the middle of an input-method composition).
  function restore(form, snapshot) {
    var key = storageKey(form);
    var copy = readCopy(key);
    Object.keys(snapshot).forEach(function (id) {
      if (copy[id] !== snapshot[id]) return;
      var element = document.getElementById(id);
      if (!element || !form.contains(element) || element === document.activeElement) return;
      if (element.value === copy[id]) {
        delete copy[id];
        return;
      }
      var prototype = element.tagName === "TEXTAREA" ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(prototype, "value").set.call(element, copy[id]);
      // React's onBlur listens for focusout at the root, so this reaches the field's on_blur handler.
      element.dispatchEvent(new FocusEvent("focusout", { bubbles: true }));
    });
    writeCopy(key, copy);
  }

  // Called by the server after it stored a field: the copy is dropped unless the user has
  // typed something newer into the field since.
  window.ataDraftForget = function (draftKey, fieldId, value) {
    var key = PREFIX + draftKey;
    var copy = readCopy(key);
    if (fieldId in copy && copy[fieldId] === value) {
      delete copy[fieldId];
      writeCopy(key, copy);
    }
  };

  function scan() {
    document.querySelectorAll("[data-draft-key]").forEach(function (form) {
      if (form.__ataDraftRestored) return;
      form.__ataDraftRestored = true;
      var snapshot = readCopy(storageKey(form));
      // Let React attach the field values and handlers before restoring.
      window.setTimeout(function () { restore(form, snapshot); }, 300);
    });
  }

  new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true });
})();
