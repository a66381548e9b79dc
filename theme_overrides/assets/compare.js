/*
 * Community comparison ("社区对比"): 2 to 4 communities side by side.
 *
 * - Compare page (showcase/compare.html, #sc-compare): the choice is in the URL,
 *   ?c=slug1,slug2 (order kept). Each community's open-data file
 *   (data/communities/<slug>.json, showcase/opendata.py) is fetched, with the framework
 *   contents (titles and maxima of items and indicators) and the frameworks (titles),
 *   and laid out as one table, communities as columns. Every number shown is a value
 *   the build wrote (display strings, exact subtotals, rates already rounded): nothing
 *   is scored here. Unknown, malformed, duplicate and surplus slugs are reported and
 *   dropped from the URL; "移除" drops a column (history.replaceState, no reload).
 * - Every other page that loads this script: a click on a.sc-compare-add[data-slug]
 *   adds the slug to the remembered choice (localStorage "sc-compare", at most 4, the
 *   oldest replaced) and opens the compare page with the whole choice. Without
 *   JavaScript the link opens the compare page with that one community.
 *
 * The page is built with DOM APIs and textContent only: names come from content files.
 */
(function () {
  "use strict";

  if (window.__scCompare) return;
  window.__scCompare = true;

  var STORE = "sc-compare"; // localStorage: JSON array of slugs, oldest first
  var NAMES = "sc-compare-names"; // localStorage: {slug: name} of the chosen, for messages
  var NOTE = "sc-compare-note"; // sessionStorage: what a click elsewhere had to drop
  // The build writes the domain's rules here (showcase/opendata.py compare_rules):
  // how many side by side, the slug pattern (anything else is not fetched at all),
  // the veto label and the honour levels, highest first.
  var RULES = /*COMPARE_RULES*/null;
  var MOST = RULES.most;
  var SLUG = new RegExp(RULES.slug);
  var VETO = RULES.veto;
  var LEVELS = RULES.levels;

  /* ------------------------------------------------------------------ Storage */

  // Storage may be off (private mode, policy): then nothing is remembered, and the
  // links still work as they do without JavaScript.
  function readJSON(store, key, fallback) {
    try {
      var value = JSON.parse(store.getItem(key));
      return value === null ? fallback : value;
    } catch (e) {
      return fallback;
    }
  }

  function writeJSON(store, key, value) {
    try {
      store.setItem(key, JSON.stringify(value));
    } catch (e) {
      /* not remembered */
    }
  }

  function local() {
    try {
      return window.localStorage;
    } catch (e) {
      return null;
    }
  }

  function session() {
    try {
      return window.sessionStorage;
    } catch (e) {
      return null;
    }
  }

  function readSet() {
    var store = local();
    var value = store ? readJSON(store, STORE, []) : [];
    return Array.isArray(value) ? value.filter(function (s) { return typeof s === "string" && SLUG.test(s); }) : [];
  }

  function writeSet(slugs) {
    var store = local();
    if (store) writeJSON(store, STORE, slugs);
  }

  function readNames() {
    var store = local();
    var value = store ? readJSON(store, NAMES, {}) : {};
    return value && typeof value === "object" && !Array.isArray(value) ? value : {};
  }

  /* ------------------------------------------------------ "加入对比" elsewhere */

  function onAddClick(event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target.closest ? event.target.closest("a.sc-compare-add[data-slug]") : null;
    if (!link) return;
    var slug = link.getAttribute("data-slug");
    if (!SLUG.test(slug)) return;
    var chosen = readSet();
    if (chosen.indexOf(slug) < 0) {
      chosen.push(slug);
      if (chosen.length > MOST) {
        var dropped = chosen.splice(0, chosen.length - MOST);
        var tab = session();
        if (tab) writeJSON(tab, NOTE, { dropped: dropped });
      }
    }
    writeSet(chosen);
    event.preventDefault();
    var url = new URL(link.href, location.href);
    url.search = "?c=" + chosen.join(",");
    url.hash = "";
    location.href = url.href;
  }

  document.addEventListener("click", onAddClick);

  /* ------------------------------------------------------------------ DOM */

  // el("td", {className: "x"}, "text", node, …): children are strings or nodes.
  function el(tag, props) {
    var node = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (key) {
        if (key === "className" || key === "textContent" || key === "hidden" || key === "type") node[key] = props[key];
        else node.setAttribute(key, props[key]);
      });
    }
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) child.forEach(function (c) { append(node, c); });
    else node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }

  function srOnly(text) {
    return el("span", { className: "sc-sr-only" }, text);
  }

  function dash() {
    return el("span", { className: "sc-cmp-none" }, "—");
  }

  function joinNames(names) {
    if (names.length < 2) return names.join("");
    return names.slice(0, -1).join("、") + "与" + names[names.length - 1];
  }

  /* --------------------------------------------------------- Compare page */

  function comparePage(root) {
    var base = new URL((root.getAttribute("data-root") || ".").replace(/\/?$/, "/"), location.href);
    var most = parseInt(root.getAttribute("data-most"), 10) || MOST;
    var messages = root.querySelector(".sc-cmp-messages");
    var howto = root.querySelector(".sc-cmp-howto");
    var result = root.querySelector(".sc-cmp-result");
    var state = { order: [], data: {}, contents: null, frameworks: {}, issues: [], flash: [] };

    function at(path) {
      return new URL(path, base).href;
    }

    function getJSON(path) {
      return fetch(at(path), { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) {
          var error = new Error("HTTP " + response.status);
          error.status = response.status;
          throw error;
        }
        return response.json();
      });
    }

    function nameOf(slug, names) {
      var file = state.data[slug];
      if (file) return file.community.name;
      return typeof names[slug] === "string" ? names[slug] : "“" + slug + "”";
    }

    function remember() {
      writeSet(state.order);
      var names = readNames();
      var kept = {};
      state.order.forEach(function (slug) {
        if (state.data[slug]) kept[slug] = state.data[slug].community.name;
        else if (typeof names[slug] === "string") kept[slug] = names[slug];
      });
      var store = local();
      if (store) writeJSON(store, NAMES, kept);
    }

    function updateURL() {
      var url = new URL(location.href);
      url.search = "?c=" + state.order.join(",");
      history.replaceState(history.state, "", url.href);
    }

    function showMessages() {
      messages.textContent = "";
      state.issues.concat(state.flash).forEach(function (m) {
        messages.appendChild(el("p", { className: m.bad ? "sc-cmp-msg sc-cmp-msg--bad" : "sc-cmp-msg" }, m.text));
      });
    }

    // The choice as asked for: the URL's ?c=, or without one, the remembered choice.
    function requested() {
      var params = new URLSearchParams(location.search);
      if (!params.has("c")) return readSet();
      return params.get("c").split(/[,，\s]+/).filter(function (s) { return s !== ""; });
    }

    function load() {
      var names = readNames();
      var tab = session();
      var note = tab ? readJSON(tab, NOTE, null) : null;
      if (tab) {
        try { tab.removeItem(NOTE); } catch (e) { /* ignore */ }
      }
      var asked = requested();
      var invalid = [];
      var repeated = [];
      var surplus = [];
      asked.forEach(function (slug) {
        var key = slug.toLowerCase();
        if (!SLUG.test(key)) invalid.push(slug);
        else if (state.order.indexOf(key) >= 0) repeated.push(key);
        else if (state.order.length >= most) surplus.push(key);
        else state.order.push(key);
      });

      result.textContent = "";
      result.appendChild(el("p", { className: "sc-muted" }, "正在载入社区数据……"));

      var files = state.order.map(function (slug) {
        return getJSON(root.getAttribute("data-folder") + "/" + slug + ".json").then(
          function (file) { return { slug: slug, file: file }; },
          function (error) { return { slug: slug, error: error }; }
        );
      });
      var contents = getJSON(root.getAttribute("data-contents")).then(
        function (table) { return table.records; },
        function () { return null; }
      );
      var frameworks = getJSON(root.getAttribute("data-frameworks")).then(
        function (table) { return table.records; },
        function () { return []; }
      );

      return Promise.all([Promise.all(files), contents, frameworks]).then(function (all) {
        var missing = [];
        var failed = [];
        all[0].forEach(function (got) {
          if (got.file && got.file.community) state.data[got.slug] = got.file;
          else if (got.error && got.error.status === 404) missing.push(got.slug);
          else failed.push(got.slug);
        });
        state.contents = all[1];
        all[2].forEach(function (f) { state.frameworks[f.id] = f; });
        // Unknown communities leave the choice; ones that failed to load stay in it,
        // so a reload can try again.
        state.order = state.order.filter(function (slug) { return missing.indexOf(slug) < 0; });

        var issues = state.issues;
        if (note && Array.isArray(note.dropped) && note.dropped.length) {
          issues.push({ text: "对比最多 " + most + " 个社区，已移出最早加入的" + note.dropped.map(function (s) { return nameOf(s, names); }).join("、") + "。" });
        }
        if (invalid.length) {
          issues.push({ bad: true, text: "地址中的" + invalid.map(function (s) { return "“" + s + "”"; }).join("、") + "不是社区标识，已忽略。" });
        }
        if (repeated.length) {
          issues.push({ text: repeated.map(function (s) { return nameOf(s, names); }).join("、") + "在地址中重复出现，只列一次。" });
        }
        if (surplus.length) {
          issues.push({ text: "最多同时对比 " + most + " 个社区，未列出：" + surplus.map(function (s) { return nameOf(s, names); }).join("、") + "。" });
        }
        if (missing.length) {
          issues.push({ bad: true, text: "没有找到社区" + missing.map(function (s) { return "“" + s + "”"; }).join("、") + "（可能已更名或撤并），已从对比中移除。" });
        }
        if (failed.length) {
          issues.push({ bad: true, text: "未能载入" + failed.map(function (s) { return nameOf(s, names); }).join("、") + "的数据，请检查网络后刷新页面重试。" });
        }
        if (state.contents === null && state.order.some(function (s) { return state.data[s]; })) {
          issues.push({ bad: true, text: "未能载入测评内容（项目和指标名称），暂不显示分项得分；刷新页面可重试。" });
        }
        updateURL();
        remember();
        render();
      });
    }

    function remove(slug) {
      var name = nameOf(slug, readNames());
      var index = state.order.indexOf(slug);
      state.order = state.order.filter(function (s) { return s !== slug; });
      updateURL();
      remember();
      state.flash = [{ text: "已移除" + name + "。" }];
      render();
      // Focus goes where the button was: the next column's button, else the last one,
      // else the explanation of how to add communities.
      var buttons = result.querySelectorAll(".sc-cmp-remove");
      if (buttons.length) buttons[Math.min(index, buttons.length - 1)].focus();
      else howto.focus();
    }

    result.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("button.sc-cmp-remove") : null;
      if (button) remove(button.getAttribute("data-slug"));
    });

    /* ---------------------------------------------------------------- Layout */

    function render() {
      showMessages();
      result.textContent = "";
      var shown = state.order.filter(function (slug) { return state.data[slug]; }).map(function (slug) { return state.data[slug]; });
      howto.hidden = shown.length >= 2;
      if (!shown.length) return;
      var notes = statements(shown);
      if (notes.length) {
        result.appendChild(el("div", { className: "sc-cmp-note" }, notes.map(function (text) { return el("p", null, text); })));
      }
      var table = el(
        "table",
        { className: "sc-table sc-cmp-table sc-cmp-n" + shown.length },
        el("caption", null, "社区对比：" + shown.map(function (f) { return f.community.name; }).join("、") + "（数据生成于 " + shown[0].meta.built + "）"),
        el("colgroup", null, el("col", { className: "sc-cmp-col-head" }), el("col", { span: String(shown.length) })),
        head(shown),
        basics(shown),
        latest(shown),
        subtotals(shown),
        trend(shown),
        honours(shown),
        ledger(shown)
      );
      result.appendChild(el("div", { className: "sc-cmp-scroll", role: "region", "aria-label": "社区对比表（可左右滚动）", tabindex: "0" }, table));
    }

    function frameworkTitle(id) {
      var f = state.frameworks[id];
      return f ? f.title : id;
    }

    function latestOf(file) {
      return file.evaluations.length ? file.evaluations[file.evaluations.length - 1] : null;
    }

    // What can and cannot be compared, said plainly above the table.
    function statements(shown) {
      var out = [];
      var evaluated = shown.filter(function (f) { return f.community.latest_year !== null; });
      var never = shown.filter(function (f) { return f.community.latest_year === null; });
      var groups = frameworkGroups(evaluated);
      if (groups.length > 1) {
        var maxima = {};
        evaluated.forEach(function (f) { maxima[String(latestOf(f).maximum)] = true; });
        var sameMaximum = Object.keys(maxima).length === 1;
        out.push(
          joinNames(evaluated.map(function (f) { return f.community.name; })) + "最新一次测评使用不同的测评体系：" +
            groups.map(function (g) { return g.files.map(function (f) { return f.community.name; }).join("、") + "依据《" + frameworkTitle(g.id) + "》"; }).join("；") + "。" +
            (groups.length === 2 ? "两个" : "各") + "体系的" + (sameMaximum ? "测评内容和等次划分不同" : "满分和测评内容不同") +
            "，分项不能逐项对比；总分仅供参考。下表按测评体系分别列出分项得分。"
        );
      }
      var years = {};
      evaluated.forEach(function (f) { years[f.community.latest_year] = true; });
      if (Object.keys(years).length > 1) {
        out.push("最新一次测评的年度不同（" + Object.keys(years).sort().join("、") + "年度），名次分别是在各自年度、各自测评体系的社区中排出的。");
      } else if (groups.length > 1) {
        out.push("名次是在同年度、同一测评体系的社区中排出的，不同体系的名次不能相互比较。");
      }
      shown.forEach(function (f) {
        if (f.community.latest_vetoed) out.push(f.community.name + "最新一次测评被一票否决，不参加排名；表中的总分按细则计算，仅供参考。");
      });
      if (never.length) out.push(never.map(function (f) { return f.community.name; }).join("、") + "尚未参加测评，表中标为“未测评”。");
      return out;
    }

    // The evaluated communities by the framework of their latest evaluation, in the
    // order they are shown.
    function frameworkGroups(evaluated) {
      var groups = [];
      evaluated.forEach(function (f) {
        var id = f.community.latest_framework;
        var group = groups.filter(function (g) { return g.id === id; })[0];
        if (!group) groups.push((group = { id: id, files: [] }));
        group.files.push(f);
      });
      return groups;
    }

    function head(shown) {
      return el(
        "thead",
        null,
        el(
          "tr",
          null,
          el("td", { className: "sc-cmp-corner" }),
          shown.map(function (f) {
            return el("th", { scope: "col" }, el("a", { href: at(f.community.url), className: "sc-cmp-name" }, f.community.name));
          })
        )
      );
    }

    function group(title, shown, rows) {
      return el(
        "tbody",
        null,
        el("tr", { className: "sc-cmp-group" }, el("th", { scope: "rowgroup", colspan: String(shown.length + 1) }, el("span", null, title))),
        rows
      );
    }

    // A row: its header (text or nodes), then one cell per community from cell(file).
    function row(label, shown, cell, className) {
      return el(
        "tr",
        className ? { className: className } : null,
        el("th", { scope: "row" }, label),
        shown.map(function (f) {
          var value = cell(f);
          return el("td", null, value === null || value === undefined || value === "" ? dash() : value);
        })
      );
    }

    function basics(shown) {
      return el(
        "tbody",
        null,
        el(
          "tr",
          { className: "sc-cmp-actions" },
          el("th", { scope: "row" }, srOnly("操作")),
          shown.map(function (f) {
            return el(
              "td",
              null,
              el("button", { type: "button", className: "sc-cmp-remove", "data-slug": f.community.id, "aria-label": "移除" + f.community.name }, "移除")
            );
          })
        ),
        row("所属", shown, function (f) { return f.community.district + " " + f.community.street; })
      );
    }

    function band(text, vetoed) {
      return el("span", { className: vetoed ? "sc-chip sc-chip--bad" : "sc-chip" }, text);
    }

    function latest(shown) {
      return group("最新一次测评", shown, [
        row("年度", shown, function (f) {
          return f.community.latest_year === null ? el("strong", null, "未测评") : f.community.latest_year + "年度";
        }),
        row("测评体系", shown, function (f) {
          var id = f.community.latest_framework;
          if (id === null) return null;
          var fw = state.frameworks[id];
          return fw ? el("a", { href: at(fw.url) }, fw.title) : id;
        }),
        row("总分", shown, function (f) {
          var c = f.community;
          if (c.latest_year === null) return "未测评";
          return [el("strong", { className: "sc-cmp-total" }, c.latest_total_display), " 分", c.latest_vetoed ? el("span", { className: "sc-muted" }, "（仅供参考）") : null];
        }),
        row("等次", shown, function (f) {
          var c = f.community;
          return c.latest_year === null ? "未测评" : band(c.latest_band, c.latest_vetoed);
        }),
        row("名次", shown, function (f) {
          var c = f.community;
          if (c.latest_year === null) return null;
          var ev = latestOf(f);
          var ranking = ev && ev.ranking ? at(ev.ranking) : null;
          if (c.latest_rank === null) return ["不参加排名", c.latest_vetoed ? "（一票否决）" : ""];
          var text = "第 " + c.latest_rank + " 名";
          return [ranking ? el("a", { href: ranking }, text) : text, el("span", { className: "sc-muted" }, "（共 " + c.latest_ranked + " 个社区）")];
        }),
      ]);
    }

    // Items and indicators of each framework, in the framework's order, with maxima.
    function outline(framework) {
      var items = [];
      var seenItems = {};
      var seenIndicators = {};
      (state.contents || []).forEach(function (r) {
        if (r.framework !== framework) return;
        if (!seenItems[r.item]) {
          seenItems[r.item] = { id: r.item, title: r.item_title, maximum: r.item_maximum, indicators: [] };
          items.push(seenItems[r.item]);
        }
        if (!seenIndicators[r.indicator]) {
          seenIndicators[r.indicator] = true;
          seenItems[r.item].indicators.push({ id: r.indicator, title: r.indicator_title, maximum: r.indicator_maximum });
        }
      });
      return items;
    }

    function scoreLabel(id, title, maximum) {
      return [el("span", { className: "sc-cmp-id" }, id), " ", title, el("span", { className: "sc-cmp-max" }, "满分 " + String(maximum))];
    }

    function subtotals(shown) {
      if (!state.contents) return null;
      var evaluated = shown.filter(function (f) { return f.community.latest_year !== null; });
      var groups = frameworkGroups(evaluated);
      return groups.map(function (g) {
        var items = outline(g.id);
        if (!items.length) return null;
        var title = groups.length > 1 || evaluated.length < shown.length ? "分项得分：《" + frameworkTitle(g.id) + "》" : "分项得分";
        function value(kind, id) {
          return function (f) {
            if (g.files.indexOf(f) < 0) return null;
            var scores = latestOf(f)[kind] || {};
            return Object.prototype.hasOwnProperty.call(scores, id) ? String(scores[id]) : null;
          };
        }
        var rows = [];
        items.forEach(function (item) {
          rows.push(row(scoreLabel(item.id, item.title, item.maximum), shown, value("items", item.id), "sc-cmp-item"));
          item.indicators.forEach(function (ind) {
            rows.push(row(scoreLabel(ind.id, ind.title, ind.maximum), shown, value("indicators", ind.id), "sc-cmp-sub"));
          });
        });
        return group(title, shown, rows);
      });
    }

    function trend(shown) {
      var years = {};
      shown.forEach(function (f) { f.evaluations.forEach(function (ev) { years[ev.year] = true; }); });
      var list = Object.keys(years).map(Number).sort(function (a, b) { return a - b; });
      var rows = list.map(function (year) {
        return row(year + "年度", shown, function (f) {
          var ev = f.evaluations.filter(function (e) { return e.year === year; })[0];
          if (!ev) return null;
          return [el("strong", null, ev.total_display), " 分 ", band(ev.vetoed ? VETO : ev.band, ev.vetoed)];
        });
      });
      if (!rows.length) rows.push(row("历年得分", shown, function () { return "未测评"; }));
      return group("历年测评（从早到晚）", shown, rows);
    }

    function honours(shown) {
      var counts = shown.map(function (f) {
        var byLevel = {};
        f.honors.forEach(function (h) {
          if (h.revoked === null) byLevel[h.level] = (byLevel[h.level] || 0) + 1;
        });
        return byLevel;
      });
      var present = LEVELS.filter(function (level) { return counts.some(function (c) { return c[level]; }); });
      var rows = [row("现有荣誉", shown, function (f) { return f.community.honors + " 项"; })];
      present.forEach(function (level) {
        rows.push(row("其中" + level, shown, function (f) {
          var n = counts[shown.indexOf(f)][level] || 0;
          return n + " 项";
        }, "sc-cmp-sub"));
      });
      rows.push(row("已撤销", shown, function (f) {
        var n = f.community.honors_revoked;
        return n ? el("span", { className: "sc-bad" }, n + " 项") : "0 项";
      }));
      return group("荣誉", shown, rows);
    }

    function percent(value, none) {
      return value === null ? el("span", { className: "sc-muted" }, none) : value.toFixed(1) + "%";
    }

    function ledger(shown) {
      return [
        group("整改台账", shown, [
          row("问题总数", shown, function (f) { return f.community.rectifications + " 个"; }),
          row("整改率", shown, function (f) { return percent(f.community.rectification_rate, "无问题"); }),
          row("按期率", shown, function (f) { return percent(f.community.on_time_rate, "尚无销号"); }),
          row("已逾期", shown, function (f) {
            var n = f.community.rectifications_overdue;
            return n ? el("span", { className: "sc-bad" }, n + " 个") : "0 个";
          }),
        ]),
        group("公示", shown, [
          row("公示中", shown, function (f) {
            var n = f.community.open_notices;
            return n ? el("a", { href: at(f.community.url) + "#sc-notices" }, n + " 条") : "0 条";
          }),
        ]),
      ];
    }

    load().catch(function () {
      result.textContent = "";
      state.issues.push({ bad: true, text: "社区对比未能显示，请刷新页面重试。" });
      showMessages();
    });
  }

  function init() {
    var root = document.getElementById("sc-compare");
    if (root && !root.hasAttribute("data-ready")) {
      root.setAttribute("data-ready", "");
      comparePage(root);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
