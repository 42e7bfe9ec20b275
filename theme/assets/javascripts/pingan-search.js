/* 站内搜索: runs the ?q= query (sent by the search form on every page) against Pagefind's chunked index and
   lists the results, five at a time. Pagefind's own search API only: no interface library to download. */
const PAGE = 5;
const box = document.getElementById("pa-search");
const status = document.getElementById("pa-search-status");
const list = document.getElementById("pa-search-results");
const more = document.getElementById("pa-search-more");
const query = (new URLSearchParams(window.location.search).get("q") || "").trim();
const field = document.getElementById("pa-q");
if (field && query) { field.value = query; }

function say(text) { status.textContent = text; }

function item(data) {
  const li = document.createElement("li");
  li.className = "pa-results__item";
  const heading = document.createElement("h2");
  heading.className = "pa-results__title";
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = (data.meta && data.meta.title) || data.url;
  heading.appendChild(link);
  const excerpt = document.createElement("p");
  excerpt.className = "pa-results__excerpt";
  excerpt.innerHTML = data.excerpt;  // Pagefind escapes the page text; only its <mark> tags are markup
  li.append(heading, excerpt);
  return li;
}

async function run() {
  if (!query) { return; }
  say(`正在搜索“${query}”……`);
  let pagefind;
  try {
    pagefind = await import(new URL(box.dataset.bundle + "pagefind.js", window.location.href).href);
    const search = await pagefind.search(query);
    const results = search.results;
    if (results.length === 0) {
      say(`没有找到包含“${query}”的内容`);
      return;
    }
    let shown = 0;
    const next = async () => {
      more.hidden = true;
      const batch = await Promise.all(results.slice(shown, shown + PAGE).map((r) => r.data()));
      const first = shown;
      batch.forEach((data) => list.appendChild(item(data)));
      shown += batch.length;
      more.hidden = shown >= results.length;
      if (first > 0) { list.children[first].querySelector("a").focus(); }  // keyboard users go on where they were
    };
    await next();
    more.addEventListener("click", next);
    say(results.length === 1 ? `找到 1 条包含“${query}”的结果` : `找到 ${results.length} 条包含“${query}”的结果`);
  } catch (error) {
    say("搜索暂时不能使用，请稍后再试，或按标签、地区浏览。");
  }
}

run();
