/* 站内搜索: starts Pagefind's interface and runs the query passed as ?q= by the search form on every page. */
(function () {
  var script = document.currentScript;
  function start() {
    if (typeof PagefindUI === "undefined") { return; }
    var ui = new PagefindUI({
      element: "#pa-search",
      bundlePath: script.getAttribute("data-bundle"),
      showImages: false,
      showSubResults: true,
      resetStyles: false,
      translations: {
        placeholder: "输入要找的词，例如 调解",
        clear_search: "清除",
        load_more: "显示更多结果",
        search_label: "搜索本站",
        zero_results: "没有找到包含“[SEARCH_TERM]”的内容",
        many_results: "找到 [COUNT] 条包含“[SEARCH_TERM]”的结果",
        one_result: "找到 1 条包含“[SEARCH_TERM]”的结果",
        searching: "正在搜索“[SEARCH_TERM]”……"
      }
    });
    // Pagefind labels its box with a title only; give it a real accessible name.
    var input = document.querySelector("#pa-search input[type=text], #pa-search .pagefind-ui__search-input");
    if (input) { input.setAttribute("aria-label", "搜索本站"); }
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) { ui.triggerSearch(query); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
