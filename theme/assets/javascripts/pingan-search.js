/* 站内搜索: runs the ?q= query (sent by the search form on every page) against the site's own chunked index
   (search-index/, written by generator/search.py, which describes the files) and lists the results, five at
   a time. A query downloads meta.json, one chunk per two-character piece of the query and one small file per
   result shown; nothing else. */
(function () {
  "use strict";
  var PAGE = 5;
  var WORDS = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9a-z]+/g;  // as WORDS in search.py
  var box = document.getElementById("pa-search");
  var status = document.getElementById("pa-search-status");
  var list = document.getElementById("pa-search-results");
  var more = document.getElementById("pa-search-more");
  var query = (new URLSearchParams(window.location.search).get("q") || "").trim();
  var field = document.getElementById("pa-q");
  if (field && query) { field.value = query; }

  var heading = document.getElementById("pa-search-heading");
  var title = document.title;

  function say(text) { status.textContent = text; }

  // What the page is about once a query ran: the tab's title and the heading name the query and the count, so a
  // screen reader's page list, the history and a bookmark tell one search from another.
  function titled(text) {
    heading.textContent = "搜索“" + query + "”";  // the count is in the status line below it
    document.title = text + " - " + title;
  }

  // The query's words (runs of Chinese characters, letters/digits) and the pieces the index holds for them.
  function words(text) { return text.normalize("NFKC").toLowerCase().match(WORDS) || []; }
  function pieces(found) {
    var out = new Set();
    found.forEach(function (word) {
      if (word < "\u3400") { out.add(word); return; }
      for (var i = 0; i + 1 < word.length; i++) { out.add(word.slice(i, i + 2)); }
    });
    return out;
  }

  var TABLE = new Uint32Array(256);
  for (var n = 0; n < 256; n++) {
    var c = n;
    for (var k = 0; k < 8; k++) { c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1; }
    TABLE[n] = c >>> 0;
  }
  function crc32(bytes) {  // zlib.crc32, as search.py's bucket_of uses
    var crc = 0xFFFFFFFF;
    for (var i = 0; i < bytes.length; i++) { crc = TABLE[(crc ^ bytes[i]) & 0xFF] ^ (crc >>> 8); }
    return (crc ^ 0xFFFFFFFF) >>> 0;
  }

  async function fetchOk(url, how) {
    var response = await fetch(url, how);
    if (!response.ok) { throw new Error(url + ": " + response.status); }
    return response;
  }

  // Reads one chunk, keeping the page lists of the pieces asked for.
  function readChunk(buffer, wanted, found) {
    var bytes = new Uint8Array(buffer);
    var decoder = new TextDecoder();
    var at = 0;
    function varint() {
      var value = 0, scale = 1, b;
      do { b = bytes[at++]; value += (b & 0x7F) * scale; scale *= 128; } while (b & 0x80);
      return value;
    }
    while (at < bytes.length) {
      var length = varint();
      var piece = decoder.decode(bytes.subarray(at, at + length));
      at += length;
      var count = varint();
      var keep = wanted.has(piece);
      var docs = new Uint32Array(keep ? count : 0), weights = new Uint8Array(keep ? count : 0), doc = 0;
      for (var i = 0; i < count; i++) {
        doc += varint();
        if (keep) { docs[i] = doc; weights[i] = bytes[at]; }
        at++;
      }
      if (keep) { found.set(piece, { docs: docs, weights: weights }); }
    }
  }

  // Pages holding every piece, best first: each piece adds its rarity times its (saturating) weight.
  function rank(lists, total) {
    lists.sort(function (a, b) { return a.docs.length - b.docs.length; });
    var docs = Array.from(lists[0].docs), scores = new Array(docs.length).fill(0);
    lists.forEach(function (row) {
      var idf = Math.log(1 + total / row.docs.length), keptDocs = [], keptScores = [], j = 0;
      for (var i = 0; i < docs.length; i++) {
        while (j < row.docs.length && row.docs[j] < docs[i]) { j++; }
        if (j < row.docs.length && row.docs[j] === docs[i]) {
          var w = row.weights[j];
          keptDocs.push(docs[i]);
          keptScores.push(scores[i] + idf * w / (w + 2));
        }
      }
      docs = keptDocs;
      scores = keptScores;
    });
    var order = docs.map(function (_, i) { return i; });
    order.sort(function (a, b) { return scores[b] - scores[a] || docs[a] - docs[b]; });  // then newer first
    return order.map(function (i) { return docs[i]; });
  }

  // About 120 characters around the first place a query word appears, the words marked. The excerpt starts after
  // a punctuation mark or space within the 30 characters before the word where there is one, not inside a word.
  function excerpt(text, found) {
    var escaped = found.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
    var marks = new RegExp("(" + escaped.join("|") + ")", "gi");
    var first = text.search(marks);
    var start = first > 30 ? first - 30 : 0;
    if (start > 0) {
      var before = text.slice(start, first);
      var cut = Math.max.apply(null, Array.from("。！？；，、：）】” ").map(function (c) { return before.lastIndexOf(c); }));
      if (cut >= 0) { start += cut + 1; }
    }
    var part = (start > 0 ? "……" : "") + text.slice(start, start + 120) + (start + 120 < text.length ? "……" : "");
    var p = document.createElement("p");
    p.className = "pa-results__excerpt";
    part.split(marks).forEach(function (bit, i) {
      if (!bit) { return; }
      if (i % 2) {
        var mark = document.createElement("mark");
        mark.textContent = bit;
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(bit));
      }
    });
    return p;
  }

  function item(data, root, found) {
    var li = document.createElement("li");
    li.className = "pa-results__item";
    var heading = document.createElement("h2");
    heading.className = "pa-results__title";
    var link = document.createElement("a");
    link.href = new URL(data.u, root).href;
    link.textContent = data.t || data.u;
    heading.appendChild(link);
    li.appendChild(heading);
    if (data.d || data.k) {  // what the page is (新闻, 案例, 调解员…) and its date
      var date = document.createElement("p");
      date.className = "pa-results__date";
      if (data.k) {
        var kind = document.createElement("span");
        kind.className = "pa-results__kind";
        kind.textContent = data.k;
        date.appendChild(kind);
      }
      if (data.d) {
        var time = document.createElement("time");
        time.dateTime = data.d;
        var month = /^(\d{4})(?:-(\d{2}))?$/.exec(data.d);  // a case's month (or year), as on its page: 2023年11月
        time.textContent = month ? month[1] + "年" + (month[2] ? Number(month[2]) + "月" : "") : data.d;
        date.appendChild(time);
      }
      li.appendChild(date);
    }
    li.appendChild(excerpt(data.x, found));
    return li;
  }

  async function run() {
    if (!query) { return; }
    var found = words(query);
    var wanted = pieces(found);
    found = found.filter(function (w) { return w < "\u3400" || w.length > 1; });  // single characters are not searched
    if (wanted.size === 0) {
      say("“" + query + "”太短了：请至少输入两个汉字（例如“调解”），或一个数字、英文词。");
      return;
    }
    say("正在搜索“" + query + "”……");
    try {
      var base = new URL(box.dataset.bundle, window.location.href);
      var root = new URL("../", base);
      var meta = await (await fetchOk(new URL("meta.json", base), { cache: "no-cache" })).json();
      var dir = new URL(meta.v + "/", base);
      var encoder = new TextEncoder();
      var lookup = async function (pieces) {
        var chunks = new Set();
        pieces.forEach(function (piece) { chunks.add(crc32(encoder.encode(piece)) % meta.buckets); });
        var lists = new Map();
        await Promise.all(Array.from(chunks).map(async function (k) {
          readChunk(await (await fetchOk(new URL("b/" + k + ".bin", dir))).arrayBuffer(), pieces, lists);
        }));
        return lists.size === pieces.size ? rank(Array.from(lists.values()), meta.docs) : [];
      };
      var results = await lookup(wanted);
      var typed = query;
      if (results.length === 0 && /[\u3400-\u9fff]/.test(query)) {
        // typed in traditional characters (調解): searched again in simplified ones, as the site is written
        var fold = await (await fetchOk(new URL("fold.json", dir))).json();
        var simple = Array.from(query).map(function (c) { return fold[c] || c; }).join("");
        if (simple !== query) {
          found = words(simple);
          results = await lookup(pieces(found));
          found = found.filter(function (w) { return w < "\u3400" || w.length > 1; });
          query = simple;
        }
      }
      var asTyped = typed === query ? "" : "（按简体字“" + query + "”搜索，输入的是“" + typed + "”）";
      if (results.length === 0) {
        query = typed;
        titled("搜索“" + query + "”：没有找到");
        say("没有找到包含“" + query + "”的内容");
        document.getElementById("pa-search-tips").hidden = false;
        return;
      }
      var shown = 0;
      var next = async function () {
        more.hidden = true;
        var batch = await Promise.all(results.slice(shown, shown + PAGE).map(async function (doc) {
          return (await fetchOk(new URL("d/" + doc + ".json", dir))).json();
        }));
        var first = shown;
        batch.forEach(function (data) { list.appendChild(item(data, root, found)); });
        shown += batch.length;
        list.hidden = false;
        more.hidden = shown >= results.length;
        more.textContent = "显示更多结果（还有 " + (results.length - shown) + " 条）";
        if (first > 0) {
          list.children[first].querySelector("a").focus();  // keyboard users go on where they were
          say("已显示 " + shown + " 条，共 " + results.length + " 条");
        }
      };
      await next();
      more.addEventListener("click", function () {
        next().catch(function () { say("搜索暂时不能使用，请稍后再试，或按标签、地区浏览。"); });
      });
      titled("搜索“" + query + "”：找到 " + results.length + " 条");
      say("找到 " + results.length + " 条包含“" + query + "”的结果" + asTyped);
    } catch (error) {
      say("搜索暂时不能使用，请稍后再试，或按标签、地区浏览。");
    }
  }

  run();
})();
