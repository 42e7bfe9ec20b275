/* 字号 大/中/小 and 打印 on article pages. Everything works without it; it only adds comfort. */
(function () {
  var root = document.documentElement;
  var sizes = ["large", "medium", "small"];

  function apply(size) {
    sizes.forEach(function (s) { root.classList.remove("pa-font-" + s); });
    if (size !== "medium") { root.classList.add("pa-font-" + size); }
    document.querySelectorAll("[data-pa-size]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-pa-size") === size));
    });
    try { localStorage.setItem("pa-font-size", size); } catch (e) { /* not remembered */ }
  }

  function current() {
    for (var i = 0; i < sizes.length; i++) {
      if (root.classList.contains("pa-font-" + sizes[i])) { return sizes[i]; }
    }
    return "medium";
  }

  function bind() {
    document.querySelectorAll("[data-pa-size]").forEach(function (button) {
      button.addEventListener("click", function () { apply(button.getAttribute("data-pa-size")); });
    });
    document.querySelectorAll("[data-pa-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
    apply(current());
  }

  // Material's instant navigation swaps pages without reloading; rebind on each new document.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(bind);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", bind);
  } else {
    bind();
  }
})();
