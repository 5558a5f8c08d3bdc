// Upload progress for forms marked data-upload-progress. Without this script (or without
// XMLHttpRequest upload events) the form submits normally; with it, the same request is
// sent by XHR so a progress bar can show how much of the files has gone.
(function () {
  "use strict";
  var form = document.querySelector("form[data-upload-progress]");
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  var box = form.querySelector(".upload-progress");
  var bar = box && box.querySelector("progress");
  if (!bar) return;

  form.addEventListener("submit", function (event) {
    var files = form.querySelectorAll("input[type=file]");
    var chosen = false;
    for (var i = 0; i < files.length; i++) {
      if (files[i].files && files[i].files.length > 0) chosen = true;
    }
    if (!chosen || !event.submitter) return; // nothing worth a progress bar
    var data;
    try {
      data = new FormData(form, event.submitter);
    } catch (e) {
      return; // an older browser: let the form submit normally
    }
    event.preventDefault();
    var buttons = form.querySelectorAll("button");
    for (var b = 0; b < buttons.length; b++) buttons[b].disabled = true;
    box.hidden = false;
    bar.value = 0;
    // Not form.action: the buttons are named "action", and form.action returns them.
    var target = new URL(form.getAttribute("action") || "", location.href).href;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", target);
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
    });
    xhr.addEventListener("load", function () {
      // The answer is a whole page (the form again with messages, or the page a redirect
      // led to): show it, at the address it came from.
      if (xhr.responseURL && xhr.responseURL !== target) {
        history.replaceState(null, "", xhr.responseURL);
      }
      document.open();
      document.write(xhr.responseText);
      document.close();
    });
    xhr.addEventListener("error", function () {
      box.hidden = true;
      for (var b = 0; b < buttons.length; b++) buttons[b].disabled = false;
      window.alert("The upload did not complete. Check your connection and try again.");
    });
    xhr.send(data);
  });
})();
