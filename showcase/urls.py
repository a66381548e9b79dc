"""Where the build publishes what it generates: the one list of generated pages and
folders, used by the build to add them and by the inventory to keep content from
colliding with them.

Paths are source URIs as MkDocs knows them (``notices/index.md``), POSIX, relative to
the content folder.
"""

from __future__ import annotations

DIRECTORY_URI = "communities/index.md"
SEARCH_URI = "search.md"
RANKINGS_URI = "rankings/index.md"
NOTICES_URI = "notices/index.md"
POLICIES_URI = "policies/index.md"
FEED_URI = "notices/feed.xml"
EVALUATIONS_CSV_URI = "data/evaluations.csv"
# Open data (``opendata.py``): the data dictionary, and two pages under rankings/
# (a folder content may not use, so no content page can collide with them).
DATA_URI = "data/index.md"
AREAS_URI = "rankings/districts.md"
COMPARE_URI = "rankings/compare.md"
GUIDE_URI = "about/editing.md"
FRAMEWORKS_FOLDER = "policies/frameworks"
# The search box's table of names (``lookup.py``) and the search index (Pagefind).
LOOKUP_FOLDER = "search/lookup"
LOOKUP_MANIFEST = f"{LOOKUP_FOLDER}/index.json"
PAGEFIND_FOLDER = "pagefind"

# Generated pages at fixed places. A content page at the same address (``notices/index.md``,
# ``notices/README.md``, or ``notices.md``, which MkDocs publishes at the same URL) would
# be replaced by the generated one, or replace it: either way something is lost.
GENERATED_PAGES = (DIRECTORY_URI, RANKINGS_URI, NOTICES_URI, POLICIES_URI, SEARCH_URI, GUIDE_URI, DATA_URI, AREAS_URI, COMPARE_URI)
# Top-level folders the build fills (badges, open data, schemas, the search index,
# the theme's assets, rankings): content may not put anything there.
RESERVED_FOLDERS = ("badges", "data", "pagefind", "rankings", "schemas", "search")
# The theme's own files (Material's scripts and styles, ours): a content file there
# would replace them. Other files under assets/ (a logo, a favicon) are content.
THEME_ASSETS = (
    "assets/javascripts/",
    "assets/stylesheets/",
    "assets/showcase.css",
    "assets/showcase.js",
    "assets/search.js",
    "assets/directory.js",
    "assets/compare.js",
    "assets/compare.css",
    "assets/print.css",
    "assets/elder.css",
)
# Files a host reads at the site's root, published as they are.
ROOT_FILES = ("CNAME", "robots.txt")


def page_key(uri: str) -> str:
    """The address MkDocs publishes a Markdown page at, as a key: ``a/index.md``,
    ``a/README.md`` and ``a.md`` all give ``a``."""
    stem = uri.rsplit(".", 1)[0] if "." in uri.rsplit("/", 1)[-1] else uri
    head, _, name = stem.rpartition("/")
    if name.lower() in ("index", "readme"):
        return head
    return stem


RESERVED_PAGE_KEYS = frozenset(page_key(uri) for uri in GENERATED_PAGES)


def is_reserved(uri: str, is_page: bool) -> bool:
    """Whether the content file at ``uri`` collides with what the build generates."""
    top = uri.split("/", 1)[0]
    if top.rsplit(".", 1)[0] in RESERVED_FOLDERS:
        return True
    if uri == FEED_URI or uri == f"{FRAMEWORKS_FOLDER}/index.yml" or uri.startswith(THEME_ASSETS):
        return True
    return is_page and page_key(uri) in RESERVED_PAGE_KEYS


# -- every page's source URI: templates turn these into links (MkDocs' own page URLs,
# relative to the page that links), so a link never depends on folder depth or on
# ``use_directory_urls``.


def community_uri(slug: str) -> str:
    return f"communities/{slug}/index.md"


def notice_uri(slug: str) -> str:
    return f"notices/{slug}.md"


def policy_uri(slug: str) -> str:
    return f"policies/{slug}.md"


def framework_uri(framework_id: str) -> str:
    return f"{FRAMEWORKS_FOLDER}/{framework_id}.md"


def ranking_uri(slug: str) -> str:
    return f"rankings/{slug}.md"


def community_feed_path(slug: str) -> str:
    """The Atom feed of one community (notices about it, evaluations, activities)."""
    return f"communities/{slug}/feed.xml"


def badge_path(slug: str, extension: str) -> str:
    """A community's badge file (``svg``, ``png``, ``json``), from the site's root."""
    return f"badges/{slug}.{extension}"
