"""长辈版 (elder mode) in Chromium, after MIIT's 互联网网站适老化通用设计规范: the switch on
every page, text of 20 px at a line height of 1.5, touch targets of 48 × 48 px, one
column, a community's key facts first, the choice remembered, ?elder=1, the mode without
JavaScript, no sideways scrolling at 360 px, and axe in both modes.

The mode lives in theme_overrides/showcase/elder-head.html (the script),
theme_overrides/partials/header.html (the switch) and theme_overrides/assets/elder.css.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser import LOCAL_HOSTS, axe_violations, browser, context, page, served_demo  # noqa: F401

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 800}
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
COMMUNITY = "communities/liuyin-xiyuan/"
NOTICE = "notices/2026-gulou-nanli-zhenggai/"
# One page of each kind the site has.
PAGE_TYPES = {
    "home": "",
    "directory": "communities/",
    "community": COMMUNITY,
    "notices": "notices/",
    "notice": NOTICE,
    "policies": "policies/",
    "policy": "policies/wenming-shequ-banfa-2019/",
    "rankings": "rankings/",
    "ranking": "rankings/2026-qingzhou-2025/",
    "search": "search/?q=社区",
    "data": "data/",
}
SWITCH_ON = "a[data-sc-elder-switch=on]"
SWITCH_OFF = "a[data-sc-elder-switch=off]"


def with_query(path: str, query: str) -> str:
    return path + ("&" if "?" in path else "?") + query


def open_page(page, url: str) -> None:
    page.goto(url)
    if "/search/" in url:
        page.locator("ol.sc-results > li").first.wait_for()


def in_elder_mode(page) -> bool:
    """What the reader sees, not the attribute: the large text and the switch back."""
    return page.evaluate(
        """() => parseFloat(getComputedStyle(document.querySelector('.md-content .md-typeset')).fontSize) >= 20
                 && getComputedStyle(document.querySelector('a[data-sc-elder-switch=off]')).display !== 'none'
                 && getComputedStyle(document.querySelector('a[data-sc-elder-switch=on]')).display === 'none'"""
    )


def horizontal_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def axe(page, options: str) -> list[str]:
    return axe_violations(page, options)


@pytest.fixture(autouse=True)
def demo_day(page):
    """The reader's clock on the demo's build date, so the notices open on it are open."""
    page.clock.set_fixed_time(dt.datetime(2026, 11, 23, 12, tzinfo=SHANGHAI))


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


@pytest.fixture
def nojs_page(browser):
    """A phone-sized page with JavaScript off (requests beyond 127.0.0.1 aborted)."""
    ctx = browser.new_context(locale="zh-CN", viewport=PHONE, java_script_enabled=False, service_workers="block")
    ctx.route(
        "**/*",
        lambda route: route.continue_() if urlsplit(route.request.url).hostname in LOCAL_HOSTS else route.abort(),
    )
    ctx.set_default_timeout(10_000)
    try:
        yield ctx.new_page()
    finally:
        ctx.close()


# -- the switch -------------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_switch_on_every_page(page, served_demo, path):
    open_page(page, served_demo + path)
    on, off = page.locator(SWITCH_ON), page.locator(SWITCH_OFF)
    assert on.is_visible() and not off.is_visible()
    # Reads "长辈版"; a screen reader says "切换到长辈版".
    assert on.inner_text() == "长辈版"
    assert page.get_by_role("link", name="切换到长辈版", exact=True).is_visible()
    assert on.get_attribute("href") == "#sc-elder"
    assert page.locator("#sc-elder").count() == 1
    assert not in_elder_mode(page)

    on.click()
    assert in_elder_mode(page)
    assert off.is_visible() and not on.is_visible()
    assert off.inner_text() == "标准版"
    assert page.get_by_role("link", name="切换到标准版", exact=True).is_visible()
    assert page.evaluate("document.activeElement.dataset.scElderSwitch") == "off"  # the focus stays on the switch
    assert "#sc-elder" not in page.url  # handled by the script, not followed
    off.click()
    assert not in_elder_mode(page)


def test_standard_mode_is_the_standard_layout(page, served_demo):
    """Elder mode's styles, navigation and key facts stay out of the standard page."""
    open_page(page, served_demo + COMMUNITY)
    shown = page.evaluate(
        """() => Object.fromEntries(['.md-tabs', '.md-sidebar--primary', '.sc-elder-nav', '.sc-keyfacts', '[aria-labelledby=sc-contact]']
             .map(s => [s, getComputedStyle(document.querySelector(s)).display !== 'none']))"""
    )
    assert shown == {
        ".md-tabs": True,
        ".md-sidebar--primary": True,
        ".sc-elder-nav": False,
        ".sc-keyfacts": False,
        "[aria-labelledby=sc-contact]": True,
    }
    assert page.evaluate("getComputedStyle(document.querySelector('.md-content .md-typeset')).fontSize") == "18px"


def test_mode_is_decided_before_the_body_exists(page, served_demo):
    """No flash of the standard layout: the head's script has set the mode before the
    parser reaches <body>, so before the first paint."""
    open_page(page, served_demo)
    page.locator(SWITCH_ON).click()
    page.add_init_script(
        """new MutationObserver((records, observer) => {
             if (document.body) { window.__scModeAtBody = document.documentElement.dataset.scElder || null; observer.disconnect(); }
           }).observe(document, {childList: true, subtree: true});"""
    )
    open_page(page, served_demo + NOTICE)
    assert page.evaluate("window.__scModeAtBody") == "on"


# -- text, targets, contrast --------------------------------------------------------------

TEXT_SIZES = """() => {
  const out = [];
  for (const el of document.querySelectorAll('.md-content *')) {
    if (el.closest('svg, .sc-sr-only')) continue;
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.data.trim());
    const r = el.getBoundingClientRect();
    if (!own || r.width <= 1 || r.height <= 1 || getComputedStyle(el).visibility === 'hidden') continue;
    const cs = getComputedStyle(el), size = parseFloat(cs.fontSize);
    const line = cs.lineHeight === 'normal' ? 0 : parseFloat(cs.lineHeight);
    if (size < 20 || line < 1.5 * size - 0.01) out.push(`${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 15)}": ${cs.fontSize} / ${cs.lineHeight}`);
  }
  return out;
}"""


# What counts as a target, and the one exception: an inline link inside a sentence (its
# block has letters or digits outside links) keeps the height of its line, as WCAG 2.5.8
# and MIIT allow; for it the text rule applies (20 px, line height 1.5), and it is
# underlined. Everything else visible (links, buttons, fields, summaries in the header,
# the sections' row and the content) is at least 48 × 48 px; a checkbox together with
# its label. Visually hidden text (1 × 1 px) is not a target.
TARGETS = """() => {
  const SEL = ['a[href]', 'button', 'input', 'select', 'textarea', 'summary'];
  const nodes = document.querySelectorAll(['.md-header', '.sc-elder-nav', '.md-content']
      .flatMap(root => SEL.map(s => `${root} ${s}`)).join(', '));
  const isBlock = el => !getComputedStyle(el).display.startsWith('inline');
  const shown = el => { const r = el.getBoundingClientRect(); return r.width > 1 && r.height > 1 && getComputedStyle(el).visibility !== 'hidden'; };
  function inSentence(a) {
    if (a.tagName !== 'A' || getComputedStyle(a).display !== 'inline') return false;
    let block = a.parentElement;
    while (!isBlock(block)) block = block.parentElement;
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    let outside = '';
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.parentElement.closest('a') && shown(n.parentElement)) outside += n.data;
    }
    return /[\\p{L}\\p{N}]/u.test(outside);
  }
  const small = [], inline = [];
  for (const el of nodes) {
    if (!shown(el)) continue;
    let r = el.getBoundingClientRect();
    const name = `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent || el.value || '').trim().slice(0, 15)}"`;
    if (inSentence(el)) {
      const cs = getComputedStyle(el), size = parseFloat(cs.fontSize);
      if (size < 20 || parseFloat(cs.lineHeight) < 1.5 * size - 0.01 || !cs.textDecorationLine.includes('underline')) {
        inline.push(`${name}: ${cs.fontSize} / ${cs.lineHeight} ${cs.textDecorationLine}`);
      }
      continue;
    }
    if (el.type === 'checkbox' || el.type === 'radio') {
      const label = el.id && document.querySelector(`label[for="${el.id}"]`);
      if (label) {
        const l = label.getBoundingClientRect();
        const top = Math.min(r.top, l.top), left = Math.min(r.left, l.left);
        r = {width: Math.max(r.right, l.right) - left, height: Math.max(r.bottom, l.bottom) - top};
      }
    }
    if (r.width < 47.5 || r.height < 47.5) small.push(`${name}: ${Math.round(r.width)} × ${Math.round(r.height)}`);
  }
  return {small, inline};
}"""


UNDERLINED = """() => [...document.querySelectorAll('.md-content a[href]')]
  .filter(a => a.getBoundingClientRect().width > 1 && !getComputedStyle(a).textDecorationLine.includes('underline'))
  .map(a => a.textContent.trim())"""
AAA_CONTRAST = '{runOnly: {type: "rule", values: ["color-contrast-enhanced"]}}'


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_elder_mode_on_a_phone(phone, served_demo, path):
    """At 360 px: text 20 px at line height 1.5, targets 48 px, links underlined, text
    at WCAG's enhanced contrast (AAA 1.4.6: 7:1, 4.5:1 for large text), no sideways scrolling."""
    open_page(phone, served_demo + with_query(path, "elder=1"))
    found = {
        "text": phone.evaluate(TEXT_SIZES),
        "targets": phone.evaluate(TARGETS),
        "not underlined": phone.evaluate(UNDERLINED),
        "contrast": axe(phone, AAA_CONTRAST),
        "overflow": horizontal_overflow(phone),
    }
    assert found == {
        "text": [],
        "targets": {"small": [], "inline": []},
        "not underlined": [],
        "contrast": [],
        "overflow": 0,
    }


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_elder_targets_on_a_desktop(page, served_demo, path):
    open_page(page, served_demo + with_query(path, "elder=1"))
    assert page.evaluate(TARGETS) == {"small": [], "inline": []}


def test_focus_is_visible(phone, served_demo):
    """Keyboard focus, in the header (on red) and in the content (on white): a ring of 3 px."""
    open_page(phone, served_demo + with_query(COMMUNITY, "elder=1"))
    for selector in (SWITCH_OFF, ".sc-elder-nav a", ".md-content a[href]", "#sc-hsearch-q"):
        phone.locator(selector).first.focus()
        phone.keyboard.press("Shift+Tab")
        phone.keyboard.press("Tab")  # back, by keyboard: :focus-visible
        ring = phone.evaluate(
            "(() => { const cs = getComputedStyle(document.activeElement); return [cs.outlineStyle, cs.outlineWidth]; })()"
        )
        assert ring == ["solid", "3px"], selector


def test_one_column_without_tabs_or_sidebars(page, served_demo):
    open_page(page, served_demo + with_query(COMMUNITY, "elder=1"))
    hidden = page.evaluate(
        """() => ['.md-tabs', '.md-sidebar--primary', '.md-sidebar--secondary', 'label.md-header__button[for=__drawer]']
             .filter(s => getComputedStyle(document.querySelector(s)).display !== 'none')"""
    )
    assert hidden == []
    # The sections of the site instead, every one a large link.
    assert page.locator(".sc-elder-nav a").all_inner_texts() == [
        "首页",
        "社区名录",
        "测评排名",
        "公示公告",
        "政策文件",
        "开放数据",
    ]


# -- remembered, shared, without JavaScript ---------------------------------------------


def test_choice_persists_across_pages(page, served_demo):
    open_page(page, served_demo)
    page.locator(SWITCH_ON).click()
    for path in ("communities/", NOTICE, "data/"):
        open_page(page, served_demo + path)
        assert in_elder_mode(page), path
    page.locator(SWITCH_OFF).click()
    open_page(page, served_demo + "policies/")
    assert not in_elder_mode(page)


def test_address_turns_it_on_and_off(page, served_demo):
    open_page(page, served_demo + with_query(COMMUNITY, "elder=1"))
    assert in_elder_mode(page)
    open_page(page, served_demo + "notices/")  # and it is remembered
    assert in_elder_mode(page)
    open_page(page, served_demo + "notices/?elder=0")
    assert not in_elder_mode(page)
    open_page(page, served_demo + "rankings/#sc-elder")  # the link a reader without JavaScript shares
    assert in_elder_mode(page)
    # Switching off drops ?elder=1 from the address: a reload keeps what was chosen.
    open_page(page, served_demo + with_query("search/?q=社区", "elder=1"))
    page.locator(SWITCH_OFF).click()
    assert "elder=" not in page.url and "q=" in page.url
    page.reload()
    assert not in_elder_mode(page)


def test_without_javascript_the_link_gives_the_large_layout(nojs_page, served_demo):
    page = nojs_page
    open_page(page, served_demo + COMMUNITY)
    assert not in_elder_mode(page)
    page.locator(SWITCH_ON).click()
    assert page.url.endswith("#sc-elder")
    assert in_elder_mode(page)
    assert page.evaluate("getComputedStyle(document.querySelector('.md-tabs')).display") == "none"
    assert page.locator(".sc-keyfacts").is_visible()
    assert page.evaluate(TEXT_SIZES) == []
    assert page.evaluate(TARGETS) == {"small": [], "inline": []}
    assert horizontal_overflow(page) == 0
    page.locator(SWITCH_OFF).click()
    assert not in_elder_mode(page)


# -- a community: the key facts first -----------------------------------------------------


@pytest.mark.parametrize("slug", ["liuyin-xiyuan", "gulou-nanli"])
def test_community_key_facts_come_first(phone, served_demo, slug):
    open_page(phone, served_demo + f"communities/{slug}/?elder=1")
    top = phone.evaluate(
        """() => Object.fromEntries(Object.entries({
              keyfacts: '.sc-keyfacts', score: '.sc-keyfacts .sc-score', notices: '.sc-keyfacts .sc-notice-item',
              contact: '.sc-keyfacts .sc-contact', panel: '.sc-scorepanel', all_notices: '[aria-labelledby=sc-notices]',
              narrative: '.sc-narrative', contact_section: '.sc-community > [aria-labelledby=sc-contact]'})
            .map(([k, s]) => { const el = document.querySelector(s); const r = el && el.getBoundingClientRect();
                               return [k, r && r.height ? r.top + scrollY : null]; }))"""
    )
    assert top["contact_section"] is None  # shown once, in the key facts
    for key in ("keyfacts", "score", "notices", "contact", "panel", "all_notices"):
        assert top[key] is not None and top[key] < top["narrative"], key
    assert top["keyfacts"] < top["panel"]

    # The key facts say what the page says: the panel's band, the contact section's lines.
    def text(selector: str) -> str:
        return " ".join(phone.locator(selector).text_content().split())

    assert text(".sc-scorepanel .sc-total__band") in text(".sc-keyfacts .sc-score")
    assert text(".sc-keyfacts .sc-contact") == text("#sc-contact + .sc-contact")


# -- layout and axe, both modes -----------------------------------------------------------


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_standard_mode_fits_360(phone, served_demo, path):
    """The switch in the header leaves the standard page as narrow as it was."""
    open_page(phone, served_demo + path)
    assert not in_elder_mode(phone)
    assert horizontal_overflow(phone) == 0


WCAG_AA = '{runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}'
AXE_PAGES = {"home": "", "community": COMMUNITY, "vetoed": "communities/gulou-nanli/", "notice": NOTICE}


# Standard mode at desktop size, as tests/test_browser_accessibility.py checks it (on a
# phone the notice's Markdown table scrolls sideways in a box the keyboard cannot reach,
# in standard mode: elder mode fits it to the page instead).
AXE_MODES = [("0", "desktop"), ("1", "desktop"), ("1", "phone")]
VIEWPORTS = {"phone": PHONE, "desktop": {"width": 1280, "height": 900}}


@pytest.mark.parametrize("path", AXE_PAGES.values(), ids=AXE_PAGES.keys())
@pytest.mark.parametrize(("mode", "size"), AXE_MODES, ids=["standard-desktop", "elder-desktop", "elder-phone"])
def test_no_wcag_violations(page, served_demo, path, mode, size):
    page.set_viewport_size(VIEWPORTS[size])
    open_page(page, served_demo + with_query(path, f"elder={mode}"))
    assert in_elder_mode(page) is (mode == "1")
    assert axe(page, WCAG_AA) == []
