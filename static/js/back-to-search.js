// "Back to trial search" with the visitor's pre-screen answers, kept only in their own
// browser: the search page notes its address in this tab's sessionStorage (gone when the tab
// closes; never sent to the server, no cookie). The study page's link already leads to the
// same search without the answers (age, sex, "only trials I may join"); when this tab still
// holds that search with answers, the link takes them back too. Without JavaScript, or in
// a new tab, the link works as it is.
(function () {
  "use strict";
  var KEY = "mmn-portal:trial-search";
  var storage;
  try {
    storage = window.sessionStorage;
  } catch (error) {
    return; // storage switched off: the plain link is enough
  }
  if (document.querySelector("[data-trial-search-page]")) {
    try {
      storage.setItem(KEY, window.location.search);
    } catch (error) {
      // full or refused: nothing to remember
    }
    return;
  }
  var link = document.querySelector("a[data-back-to-search]");
  var saved = storage.getItem(KEY);
  if (!link || saved === null) {
    return;
  }
  var answers = (link.getAttribute("data-answers") || "").split(" ");
  function withoutAnswers(search) {
    var kept = new URLSearchParams();
    new URLSearchParams(search).forEach(function (value, name) {
      if (value && answers.indexOf(name) < 0) {
        kept.append(name, value);
      }
    });
    kept.sort();
    return kept.toString();
  }
  var target = new URL(link.href);
  if (withoutAnswers(saved) === withoutAnswers(target.search)) {
    target.search = saved;
    link.href = target.toString();
  }
})();
