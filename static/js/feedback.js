// "Was this page helpful?": Yes/No (and the optional comment after it) are sent without
// leaving the page. The answer comes back as the part that replaces the question, and
// focus moves to it. Without JavaScript the same forms post to the thank-you page.
document.addEventListener("submit", async (event) => {
  const form = event.target;
  const box = form.closest(".feedback-prompt");
  if (!box || typeof window.fetch !== "function") return;
  event.preventDefault();
  const data = new FormData(form);
  if (event.submitter && event.submitter.name) data.set(event.submitter.name, event.submitter.value);
  form.querySelectorAll("button").forEach((button) => { button.disabled = true; });
  let reply;
  try {
    const response = await fetch(form.action, {
      method: "POST", body: data, headers: { "X-Feedback-Inline": "1" }, credentials: "same-origin",
    });
    reply = await response.text();
  } catch (error) {
    // Offline or blocked: post the ordinary way, with the button's answer.
    if (event.submitter && event.submitter.name) {
      const answer = Object.assign(document.createElement("input"),
        { type: "hidden", name: event.submitter.name, value: event.submitter.value });
      form.append(answer);
    }
    form.submit();
    return;
  }
  box.innerHTML = reply;
  const heading = box.querySelector("h2");
  if (heading) heading.focus();
});
