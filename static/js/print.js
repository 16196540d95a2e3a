// "Print this page" opens the print dialog. Without JavaScript the link shows how to print.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-print]");
  if (!link || typeof window.print !== "function") return;
  event.preventDefault();
  window.print();
});
