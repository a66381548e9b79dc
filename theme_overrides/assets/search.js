/*
 * Full-text search with Pagefind (the index is built after every build into pagefind/;
 * a large site's index has a second part, pagefind/part-1/, listed in the form's
 * data-pagefind-merge and searched together with the first).
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
  var PAGE_SIZE = 20; // results shown at a time on the search page
  var bundles = {}; // absolute Pagefind bundle URL -> Promise of the Pagefind module
  var uid = 0;

  /* ---------------------------------------------------------------- Pagefind */

  function bundleUrl(value) {
    var url = new URL(value || "pagefind/", document.baseURI);
    if (!/\/$/.test(url.pathname)) url.pathname += "/";
    url.search = "";
    url.hash = "";
    return url.href;
  }

  function mergedUrls(form) {
    var value = form.getAttribute("data-pagefind-merge") || "";
    return value.split(/\s+/).filter(Boolean).map(bundleUrl);
  }

  function loadPagefind(bundle, merged) {
    if (!bundles[bundle]) {
      bundles[bundle] = import(bundle + "pagefind.js").then(function (pagefind) {
        // Result URLs are made absolute against the site root (the bundle's parent),
        // whatever the depth of the current page or the path the site is served at.
        var options = { baseUrl: new URL("../", bundle).pathname };
        return Promise.resolve(pagefind.options(options))
          .then(function () {
            return Promise.all(
              (merged || []).map(function (part) {
                return pagefind.mergeIndex(part, options);
              })
            );
          })
          .then(function () {
            return pagefind;
          });
      });
      bundles[bundle].catch(function () {
        delete bundles[bundle]; // let a later search try again
      });
    }
    return bundles[bundle];
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
    String(excerpt || "")
      .split(/(<\/?mark>)/i)
      .forEach(function (part) {
        if (/^<mark>$/i.test(part)) {
          marked = true;
        } else if (/^<\/mark>$/i.test(part)) {
          marked = false;
        } else if (part) {
          var text = document.createTextNode(decodeEntities(part));
          if (marked) {
            var mark = document.createElement("mark");
            mark.appendChild(text);
            parent.appendChild(mark);
          } else {
            parent.appendChild(text);
          }
        }
      });
    return parent;
  }

  /* Pagefind's meta values are plain text (unlike the excerpt, which is HTML-escaped). */
  function titleOf(data) {
    var title = data.meta && data.meta.title ? String(data.meta.title).trim() : "";
    return title || data.url;
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
    var merged = mergedUrls(form);
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

    function render(query, results, total) {
      box.textContent = "";
      results.forEach(function (data, i) {
        var href = safeHref(data.url);
        if (!href) return;
        var option = el("a", { class: "sc-hsearch__item", id: prefix + i, role: "option", "aria-selected": "false", tabindex: "-1", href: href });
        option.appendChild(el("strong", { class: "sc-hsearch__title" }, titleOf(data)));
        option.appendChild(appendExcerpt(el("span", { class: "sc-hsearch__excerpt" }), data.excerpt));
        box.appendChild(option);
      });
      if (total > 0) {
        box.appendChild(
          el(
            "a",
            { class: "sc-hsearch__all", id: prefix + "all", role: "option", "aria-selected": "false", tabindex: "-1", href: searchPageUrl(action, query) },
            "查看全部 " + total + " 条结果"
          )
        );
        say("找到 " + total + " 条结果");
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
      loadPagefind(bundle, merged)
        .then(function (pagefind) {
          return pagefind.debouncedSearch(query);
        })
        .then(function (search) {
          if (seq !== state.seq || !search) return null; // a newer query took over
          return Promise.all(
            search.results.slice(0, MAX_DROPDOWN).map(function (result) {
              return result.data();
            })
          ).then(function (data) {
            if (seq === state.seq) render(query, data, search.results.length);
          });
        })
        .catch(function () {
          if (seq === state.seq) {
            state.query = "";
            renderError();
          }
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
      loadPagefind(bundle, merged).catch(function () {}); // warm up while the user types
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
    var merged = mergedUrls(form);
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
      loadPagefind(bundle, merged)
        .then(function (pagefind) {
          return pagefind.search(query);
        })
        .then(function (search) {
          var results = (search && search.results) || [];
          return loadData(results.slice(0, PAGE_SIZE)).then(function (data) {
            return { results: results, data: data };
          });
        })
        .then(function (found) {
          if (mine !== seq) return;
          out.removeAttribute("aria-busy");
          out.textContent = "";
          if (!found.results.length) {
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
          out.appendChild(el("p", { class: "sc-results-count" }, "找到 " + found.results.length + " 条结果"));
          var list = el("ol", { class: "sc-results" });
          out.appendChild(list);
          appendHits(list, found.data);
          showMore(list, found.results, PAGE_SIZE, mine);
        })
        .catch(function () {
          if (mine !== seq) return;
          out.removeAttribute("aria-busy");
          message("搜索暂时不可用，请稍后再试。", "sc-results-none");
        });
    }

    /* Each result's text is a separate download: fetch a page of them at a time. */
    function loadData(results) {
      return Promise.all(
        results.map(function (result) {
          return result.data();
        })
      );
    }

    function appendHits(list, data) {
      var first = null;
      data.forEach(function (item) {
        var href = safeHref(item.url);
        if (!href) return;
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

    function showMore(list, results, shown, mine) {
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
            var first = appendHits(list, data);
            if (first) first.focus(); // keyboard and screen-reader users go on from the new results
            showMore(list, results, shown + PAGE_SIZE, mine);
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

  window.__scSearch = { init: init };

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init); // Material: fires for the first page and every instant page
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
