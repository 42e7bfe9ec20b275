/* 字号 大/中/小, 打印, 复制链接, 长辈模式 and 高对比度. Everything works without it; it only adds comfort. */
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
    scrollers();  // larger type may make a table overflow: no resize tells
  }

  function current() {
    for (var i = 0; i < sizes.length; i++) {
      if (root.classList.contains("pa-font-" + sizes[i])) { return sizes[i]; }
    }
    return "medium";
  }

  function setMode(mode, on) {
    root.classList.toggle("pa-" + mode, on);
    document.querySelectorAll("[data-pa-mode=" + mode + "]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(on));
    });
    try { localStorage.setItem("pa-" + mode, on ? "1" : "0"); } catch (e) { /* not remembered */ }
    scrollers();
  }

  function copy(button) {
    var url = button.getAttribute("data-pa-copy");
    var status = button.parentNode.querySelector(".pa-share__status");
    function done(ok) {
      if (status) { status.textContent = ok ? "链接已复制，可以粘贴到微信或短信里。" : "请长按或选中上面的网址复制。"; }
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(function () { done(true); }, function () { fallback(); });
    } else {
      fallback();
    }
    function fallback() {
      var input = button.parentNode.querySelector("input");
      if (!input) { done(false); return; }
      input.focus();
      input.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      done(ok);
    }
  }

  // The phone's menu (Material's drawer) opens from a <label>: make it a button a keyboard can reach and use.
  function drawer() {
    var toggle = document.getElementById("__drawer");
    var button = document.querySelector('.md-header label[for="__drawer"]');
    if (!toggle || !button || button.dataset.paBound) { return; }
    button.dataset.paBound = "1";
    var menu = document.querySelector(".md-sidebar--primary");
    if (menu && !menu.id) { menu.id = "pa-drawer"; }
    button.setAttribute("role", "button");
    button.setAttribute("tabindex", "0");
    if (menu) { button.setAttribute("aria-controls", menu.id); }
    // While the menu is open the page behind it is covered: out of reach of Tab and of a screen reader's cursor.
    var covered = ".md-banner, .md-header__title, .md-header__option, .md-tabs, .md-content, .md-sidebar--secondary, " +
      ".md-top, .md-footer";
    function sync() {
      var open = toggle.checked;
      button.setAttribute("aria-expanded", String(open));
      button.setAttribute("aria-label", open ? "关闭栏目菜单" : "打开栏目菜单");
      document.querySelectorAll(covered).forEach(function (el) {
        if (open) { el.setAttribute("inert", ""); } else { el.removeAttribute("inert"); }
      });
    }
    function set(open) {
      if (toggle.checked !== open) {  // Material follows the checkbox's change event
        toggle.checked = open;
        toggle.dispatchEvent(new Event("change"));
      }
      sync();
      if (open) {
        var first = document.querySelector(".md-sidebar--primary a[href], .md-sidebar--primary label[tabindex]");
        if (first) { setTimeout(function () { first.focus(); }, 50); }
      } else {
        button.focus();
      }
    }
    // a visible way out of the menu, where the button that opened it is covered
    var nav = menu && menu.querySelector(".md-nav--primary");
    if (nav && !nav.querySelector(".pa-drawer__close")) {
      var close = document.createElement("button");
      close.type = "button";
      close.className = "pa-drawer__close";
      close.textContent = "关闭 ×";
      close.setAttribute("aria-label", "关闭栏目菜单");
      close.addEventListener("click", function () { set(false); });
      nav.insertBefore(close, nav.firstChild);  // over the menu's title bar
    }
    sync();
    toggle.addEventListener("change", function () {
      sync();
      // closed by a tap on the shaded page or the menu's own title: focus goes back to the button, not lost
      if (!toggle.checked && menu && (menu.contains(document.activeElement) || document.activeElement === document.body)) {
        button.focus();
      }
    });
    button.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") {  // handled here only (Material also clicks a label on Enter)
        e.preventDefault();
        e.stopPropagation();
        set(!toggle.checked);
      }
    });
    document.addEventListener("keydown", function (e) {
      if (!toggle.checked) { return; }
      if (e.key === "Escape") { set(false); return; }
      if (e.key !== "Tab") { return; }
      // while the menu is open, Tab goes round its links: the page behind it is covered
      var links = Array.prototype.filter.call(
        document.querySelectorAll(".md-sidebar--primary a[href], .md-sidebar--primary label[tabindex='0'], " +
          ".pa-drawer__close"),
        function (el) { return el.offsetParent !== null; });
      if (!links.length) { return; }
      var first = links[0], last = links[links.length - 1];
      var inside = links.indexOf(document.activeElement) >= 0;
      if (e.shiftKey && (document.activeElement === first || !inside)) { e.preventDefault(); last.focus(); }
      else if (!e.shiftKey && (document.activeElement === last || !inside)) { e.preventDefault(); first.focus(); }
    });
  }

  // The tab and the menu entry of the section the page is in say so to a screen reader, as they show it.
  function markCurrent() {
    document.querySelectorAll(".md-tabs__item--active > a, a.md-nav__link--active").forEach(function (a) {
      var here = new URL(a.href, location.href).pathname === location.pathname;
      a.setAttribute("aria-current", here ? "page" : "true");
    });
  }

  // A data table's box is a Tab stop and a named region so a keyboard can scroll it sideways; one that fits needs
  // neither (24 of them on the data page were 24 stops and landmarks that did nothing). Said again on resizing.
  function scrollers() {
    document.querySelectorAll(".pa-figures-wrap").forEach(function (box) {
      if (!box.dataset.paRole) { box.dataset.paRole = box.getAttribute("role") || "region"; }
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", box.dataset.paRole);
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
      }
    });
  }

  function bind() {
    // The skip link, search and reading aids sit in Material's announcement bar, an <aside>: not side content, so
    // no "complementary" landmark for a screen reader to announce before the page.
    var banner = document.querySelector("aside.md-banner");
    if (banner) { banner.setAttribute("role", "none"); }
    drawer();
    scrollers();
    markCurrent();
    ["elder", "contrast"].forEach(function (mode) {
      document.querySelectorAll("[data-pa-mode=" + mode + "]").forEach(function (button) {
        button.setAttribute("aria-pressed", String(root.classList.contains("pa-" + mode)));
        if (button.dataset.paBound) { return; }
        button.dataset.paBound = "1";
        button.addEventListener("click", function () { setMode(mode, !root.classList.contains("pa-" + mode)); });
      });
    });
    document.querySelectorAll("[data-pa-copy]").forEach(function (button) {
      button.addEventListener("click", function () { copy(button); });
    });
    document.querySelectorAll("[data-pa-size]").forEach(function (button) {
      button.addEventListener("click", function () { apply(button.getAttribute("data-pa-size")); });
    });
    document.querySelectorAll("[data-pa-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
    apply(current());
  }

  var resized = null;
  window.addEventListener("resize", function () {
    clearTimeout(resized);
    resized = setTimeout(scrollers, 150);
  });

  // Material's instant navigation swaps pages without reloading; rebind on each new document.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(bind);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", bind);
  } else {
    bind();
  }
})();
