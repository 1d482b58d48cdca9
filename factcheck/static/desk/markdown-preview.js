/* Live preview of a Markdown field beside its editor (factcheck.admin.verdicts.MarkdownEditor).
   The desk renders the preview itself (the same renderer and sanitiser readers get), so what is
   shown is exactly what will be published, and the HTML it would drop is listed for the author.
   Without this script the preview shows the text as it was last saved. */
(function () {
  "use strict";
  function csrfToken(form) {
    var field = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }
  function attach(editor) {
    var textarea = editor.querySelector("textarea");
    var preview = editor.querySelector(".markdown-preview-body");
    var dropped = editor.querySelector(".markdown-dropped");
    var url = editor.getAttribute("data-preview-url");
    var timer = null;
    var asked = 0;
    function refresh() {
      var ticket = ++asked;
      var body = new FormData();
      body.append("text", textarea.value);
      fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(textarea.form) },
      })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data || ticket !== asked) { return; } // a newer keystroke's answer is coming
          preview.innerHTML = data.html; // sanitised by the desk (nh3), as on the public page
          dropped.textContent = "";
          dropped.hidden = data.dropped.length === 0;
          if (data.dropped.length) {
            dropped.textContent = data.dropped_message;
          }
        })
        .catch(function () {});
    }
    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 300);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".markdown-editor[data-preview-url]").forEach(attach);
  });
})();
