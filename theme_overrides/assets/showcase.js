/* Progressive enhancement for the showcase; every page works without it.
 *
 * Notice status (公示): pages carry each notice's dates; the status and days left are
 * recomputed here with today's date in Asia/Shanghai, so a page read days after the
 * build is still right:
 *   upcoming if T < start; open if start <= T <= end (days left = end - T + 1);
 *   closed if T > end, "结果待公布" when it has no result.
 * The labels and the order of each list are not written here: the build writes them
 * in for the placeholder below from showcase/notices.py (browser_rules), and one
 * table of cases (tests/notice_cases.py) runs against both.
 */
(function () {
  "use strict";
  if (window.__showcaseInit) return;
  window.__showcaseInit = true;
  var RULES = /*NOTICE_RULES*/null;
  if (!RULES) return;  // the script as it is in the theme folder, not as the build wrote it

  function todayInShanghai() {
    // en-CA formats as YYYY-MM-DD.
    return new Intl.DateTimeFormat("en-CA", {
      timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit"
    }).format(new Date());
  }

  function dayNumber(iso) {
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]) / 86400000;
  }

  function noticeStatus(start, end, hasResult, today) {
    var t = dayNumber(today);
    if (t < dayNumber(start)) return { state: "upcoming", label: RULES.labels.upcoming };
    if (t <= dayNumber(end)) {
      var left = dayNumber(end) - t + 1;
      return { state: "open", daysLeft: left, label: RULES.open.replace("{days}", String(left)) };
    }
    return { state: "closed", pending: !hasResult, label: hasResult ? RULES.labels.closed : RULES.pending };
  }

  // Compare two notices ({start, end, slug}) as the list of ``state`` is ordered.
  function compareNotices(state, a, b) {
    var keys = RULES.order[state];
    for (var i = 0; i < keys.length; i++) {
      var name = keys[i].replace(/^-/, ""), sign = keys[i].charAt(0) === "-" ? -1 : 1;
      if (a[name] < b[name]) return -sign;
      if (a[name] > b[name]) return sign;
    }
    return 0;
  }

  function itemKeys(li) {
    var d = li.querySelector(".sc-nstatus").dataset;
    return { start: d.start, end: d.end, slug: li.dataset.notice };
  }

  // For the tests' shared table of cases.
  window.scNotices = { status: noticeStatus, compare: compareNotices, today: todayInShanghai };
  // The directory reads them under a name content cannot clobber (the sanitizer refuses "__" ids).
  window.__scNotices = window.scNotices;

  function updateStatuses(today) {
    var nodes = document.querySelectorAll(".sc-nstatus[data-start]");
    for (var i = 0; i < nodes.length; i++) {
      var el = nodes[i];
      var s = noticeStatus(el.dataset.start, el.dataset.end, el.dataset.hasResult === "true", today);
      el.dataset.state = s.state;
      if (s.daysLeft) el.dataset.daysLeft = String(s.daysLeft); else delete el.dataset.daysLeft;
      el.className = "sc-nstatus sc-nstatus--" + s.state + (s.pending ? " sc-nstatus--pending" : "");
      el.querySelector(".sc-nstatus__label").textContent = s.label;
      var asof = el.querySelector(".sc-asof");
      if (asof) asof.textContent = "";
      var item = el.closest(".sc-notice-item");
      if (item) item.dataset.state = s.state;
    }
  }

  // Lists of live notices (home banner, community pages): drop what has closed,
  // most urgent first.
  function reorderLiveLists() {
    var lists = document.querySelectorAll(".sc-live .sc-notice-list");
    for (var i = 0; i < lists.length; i++) {
      var items = Array.prototype.slice.call(lists[i].children);
      items.forEach(function (li) { li.hidden = li.dataset.state === "closed"; });
      items.sort(function (a, b) {
        var ra = a.dataset.state === "open" ? 0 : 1, rb = b.dataset.state === "open" ? 0 : 1;
        if (ra !== rb) return ra - rb;
        return compareNotices(a.dataset.state, itemKeys(a), itemKeys(b));
      }).forEach(function (li) { lists[i].appendChild(li); });
      var section = lists[i].closest(".sc-live");
      if (section && !items.some(function (li) { return !li.hidden; })) section.hidden = true;
    }
  }

  // The notices index: move each notice to the list of its current status.
  function regroupIndex() {
    var root = document.querySelector("[data-sc-notice-index]");
    if (!root) return;
    var items = Array.prototype.slice.call(root.querySelectorAll(".sc-notice-item"));
    var archive = root.querySelector("[data-sc-archive]");
    items.forEach(function (li) {
      var target;
      if (li.dataset.state === "closed") {
        var year = li.dataset.endYear;
        target = root.querySelector('[data-sc-list="closed-' + year + '"]');
        if (!target) {
          var h = document.createElement("h3");
          h.id = "archive-" + year; h.dataset.year = year; h.textContent = year + "年";
          target = document.createElement("ul");
          target.className = "sc-notice-list"; target.dataset.scList = "closed-" + year;
          var next = Array.prototype.slice.call(archive.querySelectorAll("h3[data-year]"))
            .filter(function (x) { return +x.dataset.year < +year; })[0];
          archive.insertBefore(h, next || null);
          archive.insertBefore(target, next || null);
        }
      } else {
        target = root.querySelector('[data-sc-list="' + li.dataset.state + '"]');
      }
      if (li.parentNode !== target) target.appendChild(li);
    });
    var lists = root.querySelectorAll("[data-sc-list]");
    for (var i = 0; i < lists.length; i++) {
      var list = lists[i], kids = Array.prototype.slice.call(list.children);
      var key = list.dataset.scList;
      var state = key === "open" || key === "upcoming" ? key : "closed";
      kids.sort(function (a, b) {
        return compareNotices(state, itemKeys(a), itemKeys(b));
      }).forEach(function (li) { list.appendChild(li); });
    }
  }

  function fillPageUrl() {
    var nodes = document.querySelectorAll("[data-sc-url]");
    for (var i = 0; i < nodes.length; i++) nodes[i].textContent = location.href.split("#")[0];
  }

  function init() {
    var today = todayInShanghai();
    document.documentElement.dataset.scToday = today;
    updateStatuses(today);
    reorderLiveLists();
    regroupIndex();
    fillPageUrl();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
