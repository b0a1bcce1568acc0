"""Pelican settings for the tracker site (development builds: relative links, works from output/)."""

from pathlib import Path

HERE = Path(__file__).resolve().parent

SITENAME = "Regulator Inaction Tracker"
SITESUBTITLE = "What was reported to online-safety regulators, when, and what they did"
SITEURL = ""
RELATIVE_URLS = True
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en-GB"

PATH = "content"
THEME = "theme"
PLUGINS = ["tracker.plugin"]

# The data file and the id authority of every feed item. FEED_ID_AUTHORITY is set once and never changes:
# it is what keeps item ids stable for subscribers across domains, dev and publish builds.
TRACKER_DATA = str(HERE / "data" / "platforms.yaml")
FEED_ID_AUTHORITY = "regulator-inaction-tracker.example.org,2026"
DATA_LICENCE = "CC BY 4.0"
DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
SOURCE_CODE_URL = "https://github.com/example/regulator-inaction-tracker"
CORRECTIONS_CONTACT = "corrections@example.org"

# Pelican's own Jinja environment does not autoescape: text from data is untrusted.
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True, "extensions": []}

# The tracker writes its own index and feeds; Pelican's would clash or leak the build time.
DIRECT_TEMPLATES: list[str] = []
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
ARTICLE_URL = "articles/{slug}/"
ARTICLE_SAVE_AS = "articles/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
DEFAULT_PAGINATION = False
STATIC_PATHS: list[str] = []
DELETE_OUTPUT_DIRECTORY = True
LOAD_CONTENT_CACHE = False
