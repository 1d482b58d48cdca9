/* Similar claims while a claim is typed (factcheck.admin.claims, factcheck.similar): the desk
   ranks its claims against the text and English translation as they are, and the panel is
   replaced by the desk's own rendering of the suggestions. Without this script the panel shows
   the suggestions for the claim as last saved. */
(function () {
  "use strict";
  function csrfToken(form) {
    var field = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }
  document.addEventListener("DOMContentLoaded", function () {
    var panel = document.querySelector(".similar-claims[data-similar-url]");
    var text = document.getElementById("id_text");
    var english = document.getElementById("id_text_en");
    if (!panel || !text) { return; }
    var url = panel.getAttribute("data-similar-url");
    var timer = null;
    var asked = 0;
    function refresh() {
      var ticket = ++asked;
      var body = new FormData();
      body.append("text", text.value + " " + (english ? english.value : ""));
      body.append("claim", panel.getAttribute("data-claim") || "");
      fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(text.form) },
      })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data || ticket !== asked) { return; }
          var holder = document.createElement("div");
          holder.innerHTML = data.html; // rendered and escaped by the desk
          var fresh = holder.firstElementChild;
          if (fresh) {
            fresh.setAttribute("data-similar-url", url);
            fresh.setAttribute("data-claim", panel.getAttribute("data-claim") || "");
            panel.replaceWith(fresh);
            panel = fresh;
          }
        })
        .catch(function () {});
    }
    [text, english].forEach(function (field) {
      if (!field) { return; }
      field.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(refresh, 400);
      });
    });
  });
})();
