/* Applies the saved 字号 before first paint so the page does not jump. */
(function () {
  try {
    var size = localStorage.getItem("pa-font-size");
    if (size === "large" || size === "small") {
      document.documentElement.classList.add("pa-font-" + size);
    }
  } catch (e) { /* storage may be blocked; the default size is used */ }
})();
