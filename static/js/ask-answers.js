// "Include my age and sex answers from the pre-screen" on a study page reached from a search
// with answers. Links to study pages leave the answers out (they must not reach the server
// or its caches unasked), but back-to-search.js keeps the search's address in this tab's
// sessionStorage: when it holds an age or a sex, this offers them as an unticked choice.
// Without JavaScript the choice appears only when the page's own address carries answers.
(function () {
  "use strict";
  var template = document.querySelector("template[data-ask-answers]");
  var saved = null;
  try {
    saved = window.sessionStorage.getItem("mmn-portal:trial-search");
  } catch (error) {
    return; // storage switched off: nothing to offer
  }
  if (!template || !saved) {
    return;
  }
  var query = new URLSearchParams(saved);
  var age = (query.get("age") || "").trim();
  var sex = query.get("sex") || "";
  var parts = [];
  if (/^[0-9]{1,3}$/.test(age) && Number(age) <= 120) {
    age = String(Number(age));
    parts.push(template.dataset.age.replace("%s", age));
  } else {
    age = "";
  }
  if (sex === "female" || sex === "male") {
    parts.push(template.dataset[sex]);
  } else {
    sex = "";
  }
  if (!parts.length) {
    return;
  }
  var block = template.content.cloneNode(true);
  block.querySelector("label").textContent = template.dataset.label.replace("%s", parts.join(", "));
  block.querySelector("input[name=age]").value = age;
  block.querySelector("input[name=sex]").value = sex;
  template.replaceWith(block);
})();
