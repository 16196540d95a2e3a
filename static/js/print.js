// "Print this page" opens the print dialog. Without JavaScript the link shows how to print.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-print]");
  if (!link || typeof window.print !== "function") return;
  event.preventDefault();
  window.print();
});

// Paper shows every folded part. print.css does it where ::details-content is supported
// (also without JavaScript); this does it everywhere else, and folds them again afterwards.
let openedForPrint = [];
window.addEventListener("beforeprint", () => {
  openedForPrint = [...document.querySelectorAll("main details:not([open])")];
  openedForPrint.forEach((details) => { details.open = true; });
});
window.addEventListener("afterprint", () => {
  openedForPrint.forEach((details) => { details.open = false; });
  openedForPrint = [];
});
