/* Before first paint: the saved 字号, 长辈模式 and 高对比度, so the page does not jump or flash. */
(function () {
  var root = document.documentElement;
  root.classList.add("pa-js");
  try {
    var size = localStorage.getItem("pa-font-size");
    if (size === "large" || size === "small") {
      root.classList.add("pa-font-" + size);
    }
    if (localStorage.getItem("pa-elder") === "1") { root.classList.add("pa-elder"); }
    if (localStorage.getItem("pa-contrast") === "1") { root.classList.add("pa-contrast"); }
  } catch (e) { /* storage may be blocked; the defaults are used */ }
})();
