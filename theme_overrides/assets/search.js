/*
 * Search: names first, then full text.
 *
 * - Names: the query is looked up in the build's table of names (showcase/lookup.py):
 *   communities by name, short form or pinyin, streets and districts (their
 *   communities), policies by 文号 or title, notices by title. The table is split into
 *   buckets; only the bucket of the query's first character is downloaded. These
 *   results come first, with the street and district beside each community.
 * - Full text: Pagefind (pagefind/; a large site has one more bundle per district,
 *   listed in the lookup's manifest and merged here). Pages already shown above are
 *   not repeated.
 *
 * - Header: the search form (showcase/header-search.html) is a plain GET form to the
 *   search page; with JavaScript it also shows live results in a dropdown (combobox).
 * - Search page (showcase/search.html): reads ?q=, shows every result, and searches
 *   again on submit without reloading the page.
 *
 * Results are built with DOM APIs and textContent only. Pagefind's excerpt is the one
 * piece of markup it returns; it may contain <mark> and nothing else, so it is rebuilt
 * from text here instead of being assigned as HTML.
 *
 * Safe to load twice, and re-runs on each new page if Material's instant navigation
 * (document$) is ever turned on: every element is bound at most once.
 */
(function () {
  "use strict";

  if (window.__scSearch) {
    window.__scSearch.init();
    return;
  }

  var MAX_DROPDOWN = 8;
  var MAX_QUICK_DROPDOWN = 6; // names shown in the dropdown, above full-text results
  var MAX_QUICK_PAGE = 30;
  var PAGE_SIZE = 20; // results shown at a time on the search page
  var bundles = {}; // absolute Pagefind bundle URL -> Promise of the Pagefind module
  var lookups = {}; // absolute manifest URL -> Promise of the lookup
  var uid = 0;

  /* How names and queries are compared: written in by the build (showcase/lookup.py). */
  var RULES = /*LOOKUP_RULES*/null;

  /* ------------------------------------------------------------------ Names */

  function normalize(text) {
    var out = "";
    Array.from(String(text || "").normalize("NFKC").toLowerCase()).forEach(function (ch) {
      if (RULES.dropped.indexOf(ch) >= 0) return;
      if (RULES.opening.indexOf(ch) >= 0) out += "\u3014";
      else if (RULES.closing.indexOf(ch) >= 0) out += "\u3015";
      else out += ch;
    });
    return out;
  }

  function stripSuffix(text, suffixes) {
    for (var i = 0; i < suffixes.length; i++) {
      var suffix = suffixes[i];
      if (text.length - suffix.length >= RULES.minStripped && text.slice(-suffix.length) === suffix) {
        return text.slice(0, -suffix.length);
      }
    }
    return text;
  }

  function fetchJson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    });
  }

  /* The lookup of a site: its manifest, and its buckets as they are needed. */
  function loadLookup(manifestUrl) {
    if (!lookups[manifestUrl]) {
      lookups[manifestUrl] = fetchJson(manifestUrl).then(function (manifest) {
        var root = new URL(manifest.root, manifestUrl).href;
        var buckets = {};
        return {
          manifest: manifest,
          root: root,
          bundles: (manifest.bundles || []).map(function (path) {
            return new URL(path, root).href;
          }),
          bucket: function (query) {
            var k = query.codePointAt(0) % manifest.buckets;
            if (!buckets[k]) {
              buckets[k] = fetchJson(new URL(manifest.buckets + "-" + k + ".json", manifestUrl).href);
              buckets[k].catch(function () {
                delete buckets[k];
              });
            }
            return buckets[k];
          },
        };
      });
      lookups[manifestUrl].catch(function () {
        delete lookups[manifestUrl];
      });
    }
    return lookups[manifestUrl];
  }

  /* How well a name matches: 0 its name or short form, 1 its pinyin or initials,
   * 2 the start of either, 3 inside the name; -1 not at all. */
  function nameTier(q, name, pinyin, initials, suffixes) {
    var full = normalize(name);
    var short = stripSuffix(full, suffixes);
    if (q.text === full || q.text === short || (q.name && (q.name === short || q.name === full))) return 0;
    if (q.ascii) {
      // Each reading of the name (a first character may have several), "|"-separated.
      var readings = (pinyin + "|" + initials).split("|").filter(Boolean);
      if (readings.some(function (r) { return q.pinyin.indexOf(r) >= 0; })) return 1;
      if (q.text.length >= 2 && readings.some(function (r) { return r.indexOf(q.text) === 0; })) return 2;
      return -1;
    }
    var stem = suffixes === RULES.nameSuffixes ? q.name : q.place;
    if (short.indexOf(stem) === 0 || full.indexOf(q.text) === 0) return 2;
    if (stem.length >= 2 && short.indexOf(stem) > 0) return 3;
    return -1;
  }

  function parseQuery(query) {
    var text = normalize(query);
    var q = { text: text, name: stripSuffix(text, RULES.nameSuffixes), place: stripSuffix(text, RULES.placeSuffixes), ascii: /^[a-z0-9]+$/.test(text), pinyin: [text] };
    if (q.ascii) {
      RULES.pinyinSuffixes.forEach(function (suffix) {
        if (text.length - suffix.length >= RULES.minStripped && text.slice(-suffix.length) === suffix) q.pinyin.push(text.slice(0, -suffix.length));
      });
    }
    return q;
  }

  /* The names matching ``query``, best first: [{title, url, meta, kind}]. */
  function findNames(lookup, query) {
    var q = parseQuery(query);
    if (!q.text || !q.name) return Promise.resolve([]);
    return lookup.bucket(q.name).then(function (bucket) {
      var found = {}; // community number -> best tier
      function offer(n, tier) {
        if (!(n in found) || tier < found[n]) found[n] = tier;
      }
      bucket.c.forEach(function (c, n) {
        var tier = nameTier(q, c[0], c[3], c[4], RULES.nameSuffixes);
        if (tier >= 0) offer(n, tier);
      });
      var places = [];
      bucket.s.forEach(function (s) {
        if (!s[5]) return; // only there to name a community's street
        var tier = nameTier(q, s[0], s[3], s[4], RULES.placeSuffixes);
        if (tier < 0) return;
        s[5].forEach(function (n) {
          offer(n, tier <= 1 ? 2.5 : 3.5);
        });
        places.push({ tier: tier, title: s[0] + "的全部 " + s[5].length + " 个社区", url: s[2], meta: s[1], kind: "place" });
      });
      bucket.d.forEach(function (d) {
        var tier = nameTier(q, d[0], d[3], d[4], RULES.placeSuffixes);
        if (tier < 0) return;
        d[5].forEach(function (n) {
          offer(n, tier <= 1 ? 2.6 : 3.6);
        });
        places.push({ tier: tier, title: d[0] + "的全部 " + d[2] + " 个社区", url: d[1], meta: "社区名录", kind: "place" });
      });
      var results = Object.keys(found).map(function (key) {
        var c = bucket.c[key];
        var street = bucket.s[c[2]];
        return { tier: found[key], title: c[0], url: c[1], meta: street[0] + " · " + street[1], kind: "community", order: c[3].split("|")[0] };
      });
      (lookup.manifest.docs || []).forEach(function (doc) {
        var title = normalize(doc[0]);
        var number = normalize(doc[3]);
        var tier = (number && q.text === number) || q.text === title ? 0 : q.text.length >= 4 && (title.indexOf(q.text) >= 0 || (number && number.indexOf(q.text) >= 0)) ? 3.8 : -1;
        if (tier >= 0) results.push({ tier: tier, title: doc[0], url: doc[1], meta: doc[2] + (doc[3] ? " · " + doc[3] : ""), kind: "doc", order: title });
      });
      results.sort(function (a, b) {
        return a.tier - b.tier || a.title.length - b.title.length || (a.order < b.order ? -1 : a.order > b.order ? 1 : 0);
      });
      places.sort(function (a, b) {
        return a.tier - b.tier || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0);
      });
      return results.concat(places).map(function (item) {
        return { title: item.title, url: new URL(item.url, lookup.root).href, meta: item.meta, kind: item.kind };
      });
    });
  }

  /* Names, or none when the lookup cannot be had (search goes on with full text). */
  function namesFor(manifestUrl, query) {
    if (!manifestUrl || !RULES) return Promise.resolve([]);
    return loadLookup(manifestUrl)
      .then(function (lookup) {
        return findNames(lookup, query);
      })
      .catch(function () {
        return [];
      });
  }

  function bundlesFor(manifestUrl) {
    if (!manifestUrl) return Promise.resolve([]);
    return loadLookup(manifestUrl).then(
      function (lookup) {
        return lookup.bundles;
      },
      function () {
        return [];
      }
    );
  }

  /* ---------------------------------------------------------------- Pagefind */

  function bundleUrl(value) {
    var url = new URL(value || "pagefind/", document.baseURI);
    if (!/\/$/.test(url.pathname)) url.pathname += "/";
    url.search = "";
    url.hash = "";
    return url.href;
  }

  function lookupUrl(form) {
    var value = form.getAttribute("data-lookup-url");
    return value ? new URL(value, document.baseURI).href : null;
  }

  /* A Pagefind instance over the main bundle, with every other bundle the lookup's
   * manifest lists merged in when ``everything`` (the search page). The header dropdown
   * searches the main bundle only: on a large site the community pages are in one
   * bundle per district, each costing a download on the first query, and the dropdown
   * finds communities by their names (above); the search page has them all. */
  function loadPagefind(bundle, manifestUrl, everything) {
    var key = bundle + (everything ? " *" : "");
    if (!bundles[key]) {
      bundles[key] = Promise.all([import(bundle + "pagefind.js"), everything ? bundlesFor(manifestUrl) : []]).then(function (loaded) {
        var module = loaded[0];
        var merged = loaded[1];
        // Pagefind takes the language of its index, and so how it cuts a query, from
        // <html lang> when an instance starts. Ours is indexed as pairs of characters
        // under another language (showcase/search.py): queries must not be cut as Chinese.
        var html = document.documentElement;
        var lang = html.getAttribute("lang");
        var pagefind;
        html.setAttribute("lang", RULES ? RULES.indexLanguage : "zxx");
        try {
          pagefind = module.createInstance({}); // reads the attribute before it returns
        } finally {
          if (lang === null) html.removeAttribute("lang");
          else html.setAttribute("lang", lang);
        }
        // Result URLs are made absolute against the site root (the bundle's parent),
        // whatever the depth of the current page or the path the site is served at.
        var options = { baseUrl: new URL("../", bundle).pathname };
        return Promise.resolve(pagefind.options(options))
          .then(function () {
            return Promise.all(
              merged.map(function (part) {
                return pagefind.mergeIndex(part, options);
              })
            );
          })
          .then(function () {
            return pagefind;
          });
      });
      bundles[key].catch(function () {
        delete bundles[key]; // let a later search try again
      });
    }
    return bundles[key];
  }

  /* Only same-origin http(s) links: the index is ours, but never trust it with a URL scheme. */
  function safeHref(url) {
    try {
      var resolved = new URL(url, document.baseURI);
      if (resolved.origin !== location.origin) return null;
      return resolved.pathname + resolved.search + resolved.hash;
    } catch (e) {
      return null;
    }
  }

  var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0" };

  function decodeEntities(text) {
    return text.replace(/&(?:#(\d+)|#x([0-9a-f]+)|([a-z]+));/gi, function (all, dec, hex, name) {
      var code = dec ? parseInt(dec, 10) : hex ? parseInt(hex, 16) : -1;
      if (code >= 0) {
        try {
          return String.fromCodePoint(code);
        } catch (e) {
          return all;
        }
      }
      var key = name.toLowerCase();
      return Object.prototype.hasOwnProperty.call(ENTITIES, key) ? ENTITIES[key] : all;
    });
  }

  /* Append Pagefind's excerpt to ``parent``: text nodes, plus <mark> elements for the hits. */
  function appendExcerpt(parent, excerpt) {
    var marked = false;
    var parts = [];
    String(excerpt || "")
      .split(/(<\/?mark>)/i)
      .forEach(function (part) {
        if (/^<mark>$/i.test(part)) {
          marked = true;
        } else if (/^<\/mark>$/i.test(part)) {
          marked = false;
        } else if (part) {
          parts.push({ text: decodeEntities(part), marked: marked });
        }
      });
    unpair(parts).forEach(function (part) {
      var text = document.createTextNode(part.text);
      if (part.marked) {
        var mark = document.createElement("mark");
        mark.appendChild(text);
        parent.appendChild(mark);
      } else {
        parent.appendChild(text);
      }
    });
    return parent;
  }

  /* Pagefind's meta values are plain text (unlike the excerpt, which is HTML-escaped). */
  function titleOf(data) {
    var title = data.meta && data.meta.title ? unpair([{ text: String(data.meta.title), marked: false }]).map(function (p) { return p.text; }).join("").trim() : "";
    return title || data.url;
  }

  /* ------------------------------------------------------- Pairs of characters */

  /* Chinese is indexed as overlapping pairs of characters (showcase/search.py, pairs):
   * "蓝靛扎染" as "蓝靛 靛扎 扎染". A query is cut the same way; what Pagefind returns
   * (titles, excerpts) is put back together here. */
  var hanRun = null;
  var hanOnly = null;

  function han() {
    if (!hanRun) {
      hanRun = new RegExp("[" + RULES.han + "]+", "gu");
      hanOnly = new RegExp("^[" + RULES.han + "]+$", "u");
    }
    return hanRun;
  }

  function pairs(text) {
    return text.replace(han(), function (run) {
      var chars = Array.from(run);
      if (chars.length === 1) return " " + run + " ";
      var out = [];
      for (var i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
      return " " + out.join(" ") + " ";
    });
  }

  /* The query for Pagefind: its Chinese as pairs; ``exact`` when they must stand in a row. */
  function fullTextQuery(query) {
    var text = pairs(String(query).normalize("NFKC")).replace(/\s+/g, " ").trim();
    var words = text ? text.split(" ") : [];
    han();
    var paired = words.filter(function (w) {
      return hanOnly.test(w);
    }).length;
    return { text: text, exact: paired > 1 && words.length > 1 ? '"' + text + '"' : null };
  }

  /* [{text, marked}] as Pagefind returned it → the same with the pairs put back together:
   * "和扎 <mark>扎染</mark> 染方" → "和扎染方" with 扎染 marked. Spaces next to Chinese
   * were added by the cutting and are dropped. */
  function unpair(parts) {
    han();
    var chars = []; // [char, marked]
    var lastHan = null; // the previous token, when it was Chinese
    var space = false;
    parts.forEach(function (part) {
      part.text.split(/(\s+)/).forEach(function (token) {
        if (!token) return;
        if (/^\s+$/.test(token)) {
          space = true;
          return;
        }
        var isHan = hanOnly.test(token);
        var letters = Array.from(token);
        if (isHan && lastHan && space && letters.length === 2 && Array.from(lastHan).pop() === letters[0]) {
          if (part.marked) chars[chars.length - 1][1] = true;
          chars.push([letters[1], part.marked]);
        } else {
          var previous = chars.length ? chars[chars.length - 1][0] : null;
          if (space && previous !== null && !isHan && !(previous && hanOnly.test(previous))) chars.push([" ", false]);
          letters.forEach(function (ch) {
            chars.push([ch, part.marked]);
          });
        }
        lastHan = isHan ? token : null;
        space = false;
      });
    });
    var out = [];
    chars.forEach(function (c) {
      var last = out[out.length - 1];
      if (last && last.marked === c[1]) last.text += c[0];
      else out.push({ text: c[0], marked: c[1] });
    });
    return out;
  }

  function runFullText(pagefind, query, debounced) {
    var q = fullTextQuery(query);
    if (!q.text) return Promise.resolve({ results: [] });
    var first = debounced ? pagefind.debouncedSearch(q.exact || q.text) : pagefind.search(q.exact || q.text);
    return first.then(function (search) {
      if (!search || !q.exact || search.results.length) return search;
      return pagefind.search(q.text); // not in a row anywhere: pages with every pair
    });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    if (text != null) node.textContent = text;
    return node;
  }

  function searchPageUrl(action, query) {
    var url = new URL(action, document.baseURI);
    url.search = query ? "?q=" + encodeURIComponent(query) : "";
    url.hash = "";
    return url.pathname + url.search;
  }

  function quoted(query) {
    return "\u201c" + query + "\u201d";
  }

  /* ------------------------------------------------------- Header dropdown */

  var headers = []; // bound header widgets, for the document-level listeners

  function bindHeader(form) {
    if (form.hasAttribute("data-sc-bound")) return;
    var input = form.querySelector(".sc-hsearch__input");
    var box = form.querySelector(".sc-hsearch__results");
    if (!input || !box) return;
    form.setAttribute("data-sc-bound", "");

    var status = form.querySelector(".sc-hsearch__status");
    var bundle = bundleUrl(form.getAttribute("data-pagefind-url"));
    var manifestUrl = lookupUrl(form);
    var action = form.getAttribute("action") || "search/";
    var prefix = "sc-hsearch-opt-" + ++uid + "-";
    var state = { seq: 0, active: -1, query: "", hasContent: false };

    function options() {
      return Array.prototype.slice.call(box.querySelectorAll('[role="option"]:not([aria-disabled="true"])'));
    }

    function setActive(index) {
      var list = options();
      if (!list.length) index = -1;
      state.active = index;
      list.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", list[index].id);
        list[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function open() {
      if (!state.hasContent) return;
      box.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      setActive(-1);
      box.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    function isOpen() {
      return !box.hidden;
    }

    function say(text) {
      if (status) status.textContent = text;
    }

    /* ``names``: from the lookup; ``results``: Pagefind's data, or null while it loads. */
    function render(query, names, results, total) {
      box.textContent = "";
      var n = 0;
      var shown = {};
      names.slice(0, MAX_QUICK_DROPDOWN).forEach(function (item) {
        var href = safeHref(item.url);
        if (!href) return;
        shown[href] = true;
        var option = el("a", { class: "sc-hsearch__item sc-hsearch__item--" + item.kind, id: prefix + n++, role: "option", "aria-selected": "false", tabindex: "-1", href: href });
        option.appendChild(el("strong", { class: "sc-hsearch__title" }, item.title));
        option.appendChild(el("span", { class: "sc-hsearch__meta" }, item.meta));
        box.appendChild(option);
      });
      var room = Math.max(3, MAX_DROPDOWN - n);
      (results || []).forEach(function (data) {
        var href = safeHref(data.url);
        if (!href || shown[href] || room <= 0) return;
        room--;
        shown[href] = true;
        var option = el("a", { class: "sc-hsearch__item", id: prefix + n++, role: "option", "aria-selected": "false", tabindex: "-1", href: href });
        option.appendChild(el("strong", { class: "sc-hsearch__title" }, titleOf(data)));
        option.appendChild(appendExcerpt(el("span", { class: "sc-hsearch__excerpt" }), data.excerpt));
        box.appendChild(option);
      });
      if (results === null) {
        box.appendChild(el("div", { class: "sc-hsearch__empty", role: "option", "aria-disabled": "true" }, "正在搜索全文…"));
      } else if (total === null || total > 0 || n > 0) {
        // total null: the site's full text is split, and only the search page has it all.
        var label = total === null ? "在搜索页查看全部结果" : total > 0 ? "查看全部 " + total + " 条全文结果" : "打开搜索页";
        box.appendChild(
          el("a", { class: "sc-hsearch__all", id: prefix + "all", role: "option", "aria-selected": "false", tabindex: "-1", href: searchPageUrl(action, query) }, label)
        );
        if (total === null) say((n ? "找到 " + n + " 项，" : "") + "按回车在搜索页查看全部结果");
        else say((names.length ? "名称匹配 " + names.length + " 项，" : "") + "全文找到 " + total + " 条结果");
      } else {
        box.appendChild(el("div", { class: "sc-hsearch__empty", role: "option", "aria-disabled": "true" }, "没有找到与" + quoted(query) + "相关的结果"));
        say("没有找到相关结果");
      }
      state.hasContent = true;
      state.active = -1;
      input.removeAttribute("aria-activedescendant");
      if (document.activeElement === input || form.contains(document.activeElement)) open();
    }

    function renderError() {
      box.textContent = "";
      box.appendChild(el("div", { class: "sc-hsearch__empty", role: "option", "aria-disabled": "true" }, "搜索暂时不可用，请按回车打开搜索页"));
      state.hasContent = true;
      say("搜索暂时不可用");
      if (document.activeElement === input) open();
    }

    function update() {
      var query = input.value.trim();
      var seq = ++state.seq;
      if (query === state.query && state.hasContent) {
        open();
        return;
      }
      state.query = query;
      if (!query) {
        state.hasContent = false;
        box.textContent = "";
        say("");
        close();
        return;
      }
      var names = namesFor(manifestUrl, query);
      var fullText = loadPagefind(bundle, manifestUrl, false)
        .then(function (pagefind) {
          return runFullText(pagefind, query, true);
        })
        .then(function (search) {
          if (seq !== state.seq || !search) return null; // a newer query took over
          return Promise.all(
            search.results.slice(0, MAX_DROPDOWN + 3).map(function (result) {
              return result.data();
            })
          ).then(function (data) {
            return { data: data, total: search.results.length };
          });
        });
      names.then(function (found) {
        // Names first, as soon as they are in (full text takes longer the first time).
        if (seq === state.seq && found.length) render(query, found, null, 0);
      });
      Promise.all([names, fullText, bundlesFor(manifestUrl)])
        .then(function (all) {
          if (seq === state.seq && all[1]) render(query, all[0], all[1].data, all[2].length ? null : all[1].total);
        })
        .catch(function () {
          if (seq !== state.seq) return;
          names.then(function (found) {
            if (seq !== state.seq) return;
            state.query = "";
            if (found.length) render(query, found, [], 0);
            else renderError();
          });
        });
    }

    function follow(option) {
      var href = option && option.getAttribute("href");
      if (!href) return false;
      close();
      location.assign(href);
      return true;
    }

    input.addEventListener("input", function (event) {
      if (!event.isComposing) update(); // while an IME composes, the box holds pinyin
    });
    input.addEventListener("compositionend", update);
    input.addEventListener("focus", function () {
      loadPagefind(bundle, manifestUrl, false).catch(function () {}); // warm up while the user types
      if (input.value.trim()) update();
    });
    input.addEventListener("keydown", function (event) {
      // Chinese is typed through an IME: its keys choose candidates, they are not ours.
      if (event.isComposing || event.keyCode === 229) return;
      var list = options();
      switch (event.key) {
        case "ArrowDown":
        case "Down":
          if (!isOpen()) {
            open();
            if (!isOpen()) return;
          }
          event.preventDefault();
          setActive(list.length ? (state.active + 1) % list.length : -1);
          break;
        case "ArrowUp":
        case "Up":
          if (!isOpen()) return;
          event.preventDefault();
          setActive(list.length ? (state.active <= 0 ? list.length : state.active) - 1 : -1);
          break;
        case "Enter":
          if (isOpen() && state.active >= 0 && follow(list[state.active])) event.preventDefault();
          // otherwise the form is submitted: the search page shows every result
          break;
        case "Escape":
        case "Esc":
          if (isOpen()) {
            event.preventDefault(); // keep the text (type=search would clear it)
            close();
          }
          break;
        case "Tab":
          close();
          break;
      }
    });
    box.addEventListener("mousemove", function (event) {
      var option = event.target.closest && event.target.closest('[role="option"]');
      var index = options().indexOf(option);
      if (index >= 0 && index !== state.active) setActive(index);
    });
    form.addEventListener("focusout", function (event) {
      // Keyboard focus leaving the widget closes it; clicks are handled on the document.
      if (event.relatedTarget && !form.contains(event.relatedTarget)) close();
    });

    headers.push({ form: form, close: close, isOpen: isOpen });
  }

  /* ------------------------------------------------------------ Search page */

  var pages = [];

  function bindPage(root) {
    if (root.hasAttribute("data-sc-bound")) return;
    var form = root.querySelector(".sc-search-form");
    var input = root.querySelector("#sc-q");
    var out = root.querySelector("#sc-results");
    if (!form || !input || !out) return;
    root.setAttribute("data-sc-bound", "");

    var bundle = bundleUrl(form.getAttribute("data-pagefind-url"));
    var manifestUrl = lookupUrl(form);
    var seq = 0;

    function message(text, cls) {
      out.textContent = "";
      out.appendChild(el("p", { class: cls || "sc-results-count" }, text));
    }

    function run(query) {
      var mine = ++seq;
      if (!query) {
        out.removeAttribute("aria-busy");
        out.textContent = "";
        return;
      }
      out.setAttribute("aria-busy", "true");
      message("正在搜索…", "sc-muted");
      var names = namesFor(manifestUrl, query);
      var fullText = loadPagefind(bundle, manifestUrl, true)
        .then(function (pagefind) {
          return runFullText(pagefind, query, false);
        })
        .then(function (search) {
          return (search && search.results) || [];
        });
      names.then(function (found) {
        // Names first, as soon as they are in: full text over a large site's every
        // district takes longer (and downloads more) the first time.
        if (mine !== seq || !found.length || !out.hasAttribute("aria-busy")) return;
        out.textContent = "";
        appendNames(found);
        out.appendChild(el("p", { class: "sc-muted" }, "正在搜索全文…"));
      });
      Promise.all([names, fullText])
        .then(function (both) {
          if (mine !== seq) return null;
          var shown = {};
          both[0].forEach(function (item) {
            var href = safeHref(item.url);
            if (href) shown[href] = true;
          });
          // A page the names already show is not listed again. Whether a result is one
          // is known from its address, which needs its data: fetched a page at a time.
          return loadData(both[1].slice(0, PAGE_SIZE)).then(function (data) {
            return { names: both[0], results: both[1], data: data, shown: shown };
          });
        })
        .then(function (found) {
          if (!found || mine !== seq) return;
          out.removeAttribute("aria-busy");
          out.textContent = "";
          appendNames(found.names);
          if (!found.results.length && !found.names.length) {
            var none = el("p", { class: "sc-results-none" }, "没有找到与" + quoted(query) + "相关的结果。");
            none.appendChild(document.createTextNode("可以换个关键词再试，或从"));
            // The directory's address comes from the page (the build writes it), never
            // from this page's depth.
            var directory = form.getAttribute("data-directory-url") || "";
            none.appendChild(el("a", { href: safeHref(directory) || directory }, "社区名录"));
            none.appendChild(document.createTextNode("浏览全部社区。"));
            out.appendChild(none);
            return;
          }
          if (found.names.length) out.appendChild(el("h2", { class: "sc-results-heading" }, "全文结果"));
          var repeated = found.names.length ? "（上面已列出的页面不再重复）" : "";
          out.appendChild(el("p", { class: "sc-results-count" }, "全文找到 " + found.results.length + " 条结果" + (found.results.length ? repeated : "")));
          if (!found.results.length) return;
          var list = el("ol", { class: "sc-results" });
          out.appendChild(list);
          appendHits(list, found.data, found.shown);
          showMore(list, found.results, PAGE_SIZE, mine, found.shown);
        })
        .catch(function () {
          if (mine !== seq) return;
          out.removeAttribute("aria-busy");
          message("搜索暂时不可用，请稍后再试。", "sc-results-none");
        });
    }

    function appendNames(names) {
      if (!names.length) return;
      out.appendChild(el("h2", { class: "sc-results-heading" }, "名称匹配"));
      var quick = el("ol", { class: "sc-results sc-results--names" });
      names.slice(0, MAX_QUICK_PAGE).forEach(function (item) {
        var href = safeHref(item.url);
        if (!href) return;
        var li = el("li", { class: "sc-hit sc-hit--" + item.kind });
        var heading = el("p", { class: "sc-hit__title" });
        heading.appendChild(el("a", { href: href }, item.title));
        li.appendChild(heading);
        li.appendChild(el("p", { class: "sc-hit__meta" }, item.meta));
        quick.appendChild(li);
      });
      out.appendChild(quick);
    }

    /* Each result's text is a separate download: fetch a page of them at a time. */
    function loadData(results) {
      return Promise.all(
        results.map(function (result) {
          return result.data();
        })
      );
    }

    function appendHits(list, data, shown) {
      var first = null;
      data.forEach(function (item) {
        var href = safeHref(item.url);
        if (!href || shown[href]) return;
        var li = el("li", { class: "sc-hit" });
        var heading = el("p", { class: "sc-hit__title" });
        var link = el("a", { href: href }, titleOf(item));
        heading.appendChild(link);
        li.appendChild(heading);
        li.appendChild(appendExcerpt(el("p", { class: "sc-hit__excerpt" }), item.excerpt));
        list.appendChild(li);
        first = first || link;
      });
      return first;
    }

    function showMore(list, results, shown, mine, named) {
      if (shown >= results.length) return;
      var left = results.length - shown;
      var button = el("button", { type: "button", class: "sc-results-more" }, "显示更多结果（还有 " + left + " 条）");
      button.addEventListener("click", function () {
        button.disabled = true;
        button.textContent = "正在加载…";
        loadData(results.slice(shown, shown + PAGE_SIZE))
          .then(function (data) {
            if (mine !== seq) return;
            button.remove();
            var first = appendHits(list, data, named);
            if (first) first.focus(); // keyboard and screen-reader users go on from the new results
            showMore(list, results, shown + PAGE_SIZE, mine, named);
          })
          .catch(function () {
            button.disabled = false;
            button.textContent = "加载失败，点此重试";
          });
      });
      list.parentNode.appendChild(button);
    }

    function fromLocation() {
      var query = (new URLSearchParams(location.search).get("q") || "").trim();
      input.value = query;
      run(query);
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = input.value.trim();
      var target = searchPageUrl(location.pathname, query);
      if (target !== location.pathname + location.search) history.pushState(null, "", target);
      run(query);
    });

    pages.push({ root: root, refresh: fromLocation });
    fromLocation();
  }

  /* ------------------------------------------------------------------ Wiring */

  function alive(node) {
    return document.documentElement.contains(node);
  }

  function init() {
    headers = headers.filter(function (h) {
      return alive(h.form);
    });
    pages = pages.filter(function (p) {
      return alive(p.root);
    });
    Array.prototype.forEach.call(document.querySelectorAll("form.sc-hsearch"), bindHeader);
    Array.prototype.forEach.call(document.querySelectorAll(".sc-search"), bindPage);
  }

  document.addEventListener("click", function (event) {
    headers.forEach(function (h) {
      if (h.isOpen() && !h.form.contains(event.target)) h.close();
    });
  });
  window.addEventListener("popstate", function () {
    pages.forEach(function (p) {
      if (alive(p.root)) p.refresh();
    });
  });

  // normalize and findNames are exposed for the tests (same rules as showcase/lookup.py).
  window.__scSearch = { init: init, normalize: normalize, names: namesFor };

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init); // Material: fires for the first page and every instant page
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
