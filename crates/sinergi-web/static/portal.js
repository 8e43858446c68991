// Quick exit: leave for a neutral site and replace this page in the history (Back does not
// return here). The link's own href does the same without JavaScript, minus the history entry.
(function () {
  var a = document.getElementById("quick-exit");
  if (!a) return;
  function leave(e) {
    if (e) e.preventDefault();
    document.body.style.display = "none";
    window.location.replace(a.href);
  }
  a.addEventListener("click", leave);
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" || e.key === "Esc") leave(e);
  });
})();
