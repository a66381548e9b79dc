/* The communities directory (/communities/): filters and sorting, as progressive
 * enhancement. The page lists every community without this script; the script
 * reveals the filter form (rendered with `hidden`), then hides the cards that do not
 * match, updates the counts and, to sort by total or rectification rate, moves the
 * cards into one flat list.
 *
 * Nothing is scored here: each card carries its positions in the build's sort orders
 * (data-by-name, data-by-total, data-by-rate, computed in showcase/build.py), and the
 * script only orders by those integers. Sorted by name, the cards stay (or return to)
 * where the HTML has them: in their street, in the build's name order.
 *
 * The state lives in the URL query so a filtered view can be shared:
 *   ?district=…&street=…&band=…&evaluated=yes|no&notice=1&sort=name|total|rate
 * (defaults are left out). It is read on load and written with replaceState on change.
 *
 * Scale: up to ~10,000 cards. Card data is read from the DOM once; a filter change is
 * one pass over that cache, with DOM writes only where something changed and no
 * layout reads in between; one listener on the form, none per card. The browser lays
 * out only what is near the screen (content-visibility in showcase.css).
 */
(function () {
  "use strict";

  var KEYS = ["district", "street", "band", "evaluated", "notice", "sort"];

  // A card's open notices, counted again with the reader's date by the notice rules of
  // assets/showcase.js (window.__scNotices): a page read days after the build stays right.
  // data-notice-periods lists "start/end" of the notices open or to come at the build.
  var rules = window.__scNotices;
  var today = rules && typeof rules.today === "function" ? rules.today() : null;
  function recountNotices(el, ds) {
    if (!today) return;
    var periods = ds.noticePeriods.split(" "), open = 0;
    for (var i = 0; i < periods.length; i++) {
      var p = periods[i].split("/");
      if (rules.status(p[0], p[1], false, today).state === "open") open++;
    }
    if (String(open) === ds.notice) return;
    ds.notice = String(open);
    var chip = el.querySelector(".sc-chip--open");
    if (chip) {
      chip.querySelector(".sc-chip__n").textContent = String(open);
      chip.hidden = open === 0;
    }
  }
  var SORT_KEYS = { total: "byTotal", rate: "byRate" };
  var SORT_TITLES = { total: "按最新总分从高到低", rate: "按整改率从高到低" };

  function init() {
    var root = document.querySelector("[data-sc-directory]");
    var form = root && root.querySelector("[data-sc-filters]");
    if (!form || root.dataset.scReady) return;
    root.dataset.scReady = "1";

    var controls = {
      district: form.elements.district,
      street: form.elements.street,
      band: form.elements.band,
      evaluated: form.elements.evaluated,
      notice: form.elements.notice,
      sort: form.elements.sort
    };
    var shownEl = root.querySelector("[data-sc-shown]");
    var jump = root.querySelector("[data-sc-jump]");

    // -- read the page once ---------------------------------------------------------
    var districts = [], streets = [], cards = [];
    var streetByAnchor = {};
    var sections = root.querySelectorAll("[data-sc-district]");
    for (var i = 0; i < sections.length; i++) {
      var sec = sections[i];
      var count = sec.querySelector("h2 .sc-count");
      var d = { el: sec, count: count, total: +count.dataset.total, shown: -1 };
      districts.push(d);
      var blocks = sec.querySelectorAll("[data-sc-street]");
      for (var j = 0; j < blocks.length; j++) {
        var block = blocks[j];
        var sCount = block.querySelector("h3 .sc-count");
        var s = {
          el: block, district: d, list: block.querySelector("ul"), count: sCount,
          total: +sCount.dataset.total, shown: -1, link: null, name: block.dataset.scStreet
        };
        streets.push(s);
        streetByAnchor[block.dataset.anchor] = s;
        var items = s.list.children;
        for (var k = 0; k < items.length; k++) {
          var el = items[k], ds = el.dataset, index = cards.length;
          if (ds.noticePeriods) recountNotices(el, ds);
          cards.push({
            el: el, street: s, hidden: false, index: index,
            districtName: ds.district, streetName: ds.street, band: ds.band,
            evaluated: ds.evaluated, notice: +ds.notice > 0,
            byTotal: position(ds.byTotal, index), byRate: position(ds.byRate, index)
          });
        }
      }
    }
    if (jump) {
      var links = jump.querySelectorAll("a[data-anchor]");
      for (var n = 0; n < links.length; n++) {
        var target = streetByAnchor[links[n].dataset.anchor];
        if (target) target.link = links[n];
      }
    }

    // The street choices, all of them, to rebuild the select when the district changes.
    var streetChoices = [];
    var opts = controls.street.querySelectorAll("option[data-district]");
    for (var o = 0; o < opts.length; o++) {
      streetChoices.push({ name: opts[o].value, district: opts[o].dataset.district });
    }
    var districtNames = districtList();

    // A card without a position (a page from an older build) goes after all others.
    function position(value, index) {
      var n = parseInt(value, 10);
      return isNaN(n) ? 1e9 + index : n;
    }

    function districtList() {
      var names = [];
      for (var x = 0; x < controls.district.options.length; x++) {
        if (controls.district.options[x].value) names.push(controls.district.options[x].value);
      }
      return names;
    }

    function option(value, text, district) {
      var el = document.createElement("option");
      el.value = value;
      el.textContent = text;
      if (district) el.dataset.district = district;
      return el;
    }

    // Street options: the chosen district's streets, or every street under its district.
    function fillStreets(district, street) {
      var frag = document.createDocumentFragment();
      frag.appendChild(option("", "全部"));
      var group = null, groupName = null;
      for (var x = 0; x < streetChoices.length; x++) {
        var c = streetChoices[x];
        if (district && c.district !== district) continue;
        if (district) {
          frag.appendChild(option(c.name, c.name, c.district));
          continue;
        }
        if (c.district !== groupName) {
          group = document.createElement("optgroup");
          group.label = groupName = c.district;
          frag.appendChild(group);
        }
        group.appendChild(option(c.name, c.name, c.district));
      }
      controls.street.textContent = "";
      controls.street.appendChild(frag);
      controls.street.value = street;
      if (controls.street.value !== street) controls.street.value = "";
    }

    // -- state <-> URL and form -------------------------------------------------------
    function hasValue(select, value) {
      for (var x = 0; x < select.options.length; x++) if (select.options[x].value === value) return true;
      return false;
    }

    // The state of a query, with unknown values dropped (a stale or mistyped link
    // shows everything it cannot match rather than nothing).
    function stateFromQuery(search) {
      var q = new URLSearchParams(search);
      var st = {
        district: q.get("district") || "",
        street: q.get("street") || "",
        band: q.get("band") || "",
        evaluated: q.get("evaluated") || "",
        notice: q.get("notice") === "1",
        sort: q.get("sort") || "name"
      };
      if (districtNames.indexOf(st.district) < 0) st.district = "";
      if (st.street) {
        var homes = streetChoices.filter(function (c) { return c.name === st.street; });
        if (!homes.length) st.street = "";
        else if (!st.district && homes.length === 1) st.district = homes[0].district;
        else if (st.district && !homes.some(function (c) { return c.district === st.district; })) st.street = "";
      }
      if (!hasValue(controls.band, st.band)) st.band = "";
      if (st.evaluated !== "yes" && st.evaluated !== "no") st.evaluated = "";
      if (!SORT_KEYS[st.sort]) st.sort = "name";
      return st;
    }

    function stateFromForm() {
      return {
        district: controls.district.value,
        street: controls.street.value,
        band: controls.band.value,
        evaluated: controls.evaluated.value,
        notice: controls.notice.checked,
        sort: controls.sort.value
      };
    }

    function setForm(st) {
      controls.district.value = st.district;
      fillStreets(st.district, st.street);
      controls.band.value = st.band;
      controls.evaluated.value = st.evaluated;
      controls.notice.checked = st.notice;
      controls.sort.value = st.sort;
    }

    function writeUrl(st) {
      var q = new URLSearchParams(location.search);
      KEYS.forEach(function (key) { q.delete(key); });
      if (st.district) q.set("district", st.district);
      if (st.street) q.set("street", st.street);
      if (st.band) q.set("band", st.band);
      if (st.evaluated) q.set("evaluated", st.evaluated);
      if (st.notice) q.set("notice", "1");
      if (st.sort !== "name") q.set("sort", st.sort);
      var query = q.toString();
      var url = location.pathname + (query ? "?" + query : "") + location.hash;
      if (url !== location.pathname + location.search + location.hash) {
        history.replaceState(history.state, "", url);
      }
    }

    // -- apply ------------------------------------------------------------------------
    var empty = document.createElement("p");
    empty.className = "sc-dir-empty";
    empty.hidden = true;
    empty.textContent = "没有符合条件的社区。";
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "sc-filters__reset";
    clear.textContent = "清除筛选";
    empty.appendChild(clear);
    form.parentNode.insertBefore(empty, form.nextSibling);

    var flat = null, flatTitle = null, flatList = null, layout = "name";

    function matches(c, st) {
      return (!st.district || c.districtName === st.district) &&
        (!st.street || c.streetName === st.street) &&
        (!st.band || c.band === st.band) &&
        (!st.evaluated || c.evaluated === st.evaluated) &&
        (!st.notice || c.notice);
    }

    // Writes only what changes: setting an attribute to its own value still costs a
    // style invalidation in some browsers.
    function setHidden(el, value) {
      if (el.hidden !== value) el.hidden = value;
    }

    function countText(shown, total) {
      return shown === total ? total + " 个社区" : shown + " 个社区（共 " + total + " 个）";
    }

    function apply(st) {
      var x, shown = 0;
      for (x = 0; x < streets.length; x++) streets[x].n = 0;
      for (x = 0; x < districts.length; x++) districts[x].n = 0;
      // One pass over the cached cards; an element is written only when its state flips.
      for (x = 0; x < cards.length; x++) {
        var c = cards[x], hide = !matches(c, st);
        if (hide !== c.hidden) { c.hidden = hide; c.el.hidden = hide; }
        if (!hide) { shown++; c.street.n++; c.street.district.n++; }
      }
      for (x = 0; x < streets.length; x++) {
        var s = streets[x];
        if (s.n === s.shown) continue;
        s.shown = s.n;
        s.count.textContent = countText(s.n, s.total);
        s.el.hidden = s.n === 0;
        // The placeholder height while the street is off screen (showcase.css).
        s.el.style.setProperty("--sc-n", String(s.n));
        if (s.link) {
          s.link.textContent = s.name + "（" + s.n + "）";
          s.link.hidden = s.n === 0;
        }
      }
      for (x = 0; x < districts.length; x++) {
        var d = districts[x];
        if (d.n !== d.shown) {
          d.shown = d.n;
          d.count.textContent = countText(d.n, d.total);
        }
        setHidden(d.el, d.n === 0 || st.sort !== "name");
      }
      arrange(st.sort);
      if (jump) setHidden(jump, st.sort !== "name" || shown === 0);
      setHidden(empty, shown !== 0);
      var status = "（显示 " + shown + " 个" + (SORT_TITLES[st.sort] ? "，" + SORT_TITLES[st.sort] : "") + "）";
      if (shownEl.textContent !== status) shownEl.textContent = status;
    }

    // Sorted by name the cards sit in their street's list (their place in the HTML);
    // sorted otherwise they move, hidden ones too, into one flat <ol>, so that reading
    // and focus order follow the order shown.
    function arrange(sort) {
      var x, frag = document.createDocumentFragment();
      if (sort === "name") {
        if (layout === "name") return;
        // Cards of one street are consecutive in ``cards`` (document order).
        for (x = 0; x < cards.length; x++) {
          frag.appendChild(cards[x].el);
          if (x + 1 === cards.length || cards[x + 1].street !== cards[x].street) {
            cards[x].street.list.appendChild(frag);
          }
        }
        flat.hidden = true;
      } else {
        if (layout === sort) return;
        if (!flat) {
          flat = document.createElement("section");
          flat.className = "sc-section sc-flat";
          flat.setAttribute("aria-labelledby", "sc-flat-title");
          flatTitle = document.createElement("h2");
          flatTitle.id = "sc-flat-title";
          flatList = document.createElement("ol");
          flatList.className = "sc-cards";
          flat.appendChild(flatTitle);
          flat.appendChild(flatList);
          var first = districts.length ? districts[0].el : null;
          root.insertBefore(flat, first);
        }
        var key = SORT_KEYS[sort];
        var ordered = cards.slice().sort(function (a, b) { return a[key] - b[key] || a.index - b.index; });
        for (x = 0; x < ordered.length; x++) frag.appendChild(ordered[x].el);
        flatList.appendChild(frag);
        flatTitle.textContent = SORT_TITLES[sort];
        flat.hidden = false;
      }
      layout = sort;
    }

    function update() {
      var st = stateFromForm();
      apply(st);
      writeUrl(st);
    }

    // -- events (one listener per kind, on the form) ----------------------------------
    form.addEventListener("change", function (event) {
      if (event.target === controls.district) {
        fillStreets(controls.district.value, controls.street.value);
      } else if (event.target === controls.street && controls.street.value) {
        // A street chosen among all: its district becomes the chosen one.
        var home = controls.street.selectedOptions[0].dataset.district;
        if (home && controls.district.value !== home) {
          var street = controls.street.value;
          controls.district.value = home;
          fillStreets(home, street);
        }
      }
      update();
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    function reset(event) {
      if (event) event.preventDefault();
      setForm(stateFromQuery(""));
      update();
    }
    form.addEventListener("reset", reset);
    clear.addEventListener("click", function () { reset(); controls.district.focus(); });

    var initial = stateFromQuery(location.search);
    setForm(initial);
    apply(initial);
    writeUrl(initial);
    form.hidden = false;
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
