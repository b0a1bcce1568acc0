"""Pelican settings for the tracker site (development builds: relative links, works from output/)."""

from pathlib import Path

# The Content-Security-Policy, defined once in tracker/site/headers.py: base.html prints it in a <meta> tag
# (GitHub Pages ignores the `_headers` file that carries it for other hosts).
from tracker.site.headers import CSP as CSP

# content/ is untrusted like the data: raw HTML in Markdown is shown as typed, and the `editorial` and
# `plain` template filters clean and defang what Pelican renders (tracker/text/editorial.py).
from tracker.text.editorial import JINJA_FILTERS as JINJA_FILTERS
from tracker.text.editorial import markdown_settings

HERE = Path(__file__).resolve().parent

SITENAME = "Regulator Inaction Tracker"
SITESUBTITLE = "What was reported to online-safety regulators, when, and what they did"
SITEURL = ""
RELATIVE_URLS = True
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en-GB"
# Pelican sets the process locale from this; pinned so no date on any page follows the build machine's
# language (the tracker's own dates never use the locale at all).
LOCALE = ("C.UTF-8", "C")

PATH = "content"
# content/ is Markdown only (tracker/check/content.py refuses anything else before Pelican runs): the
# reStructuredText reader could insert any file of the build machine, so no other reader is switched on,
# and docutils' file insertion and raw directives are off should one ever be.
READERS = {"rst": None, "html": None, "htm": None}
DOCUTILS_SETTINGS = {"file_insertion_enabled": False, "raw_enabled": False}
THEME = "theme"
PLUGINS = ["tracker.plugin"]

# The data file and the id authority of every feed item. FEED_ID_AUTHORITY is set once and never changes:
# it is what keeps item ids stable for subscribers across domains, dev and publish builds.
TRACKER_DATA = str(HERE / "data" / "platforms.yaml")
FEED_ID_AUTHORITY = "regulator-inaction-tracker.example.org,2026"
# Feed readers need absolute links: feeds use SITEURL when it is absolute (publish builds), else this.
FEED_SITE_URL = "https://regulator-inaction-tracker.example.org"
FEED_MAX_ITEMS = 100  # newest items per feed
# Where `tracker build` keeps what an incremental rebuild reuses (rendered Markdown, the previous site):
# relative to this file. Publish builds set it to "" and always start from nothing.
TRACKER_CACHE_PATH = ".cache/tracker"
DATA_LICENCE = "CC BY 4.0"
DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
SOURCE_CODE_URL = "https://github.com/example/regulator-inaction-tracker"
CORRECTIONS_CONTACT = "corrections@example.org"
# The shipped data is a demonstration (fictional platforms beside one public record): every page says so.
TRACKER_DEMO_DATA = True

MARKDOWN = markdown_settings()

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

# --- the public pages ------------------------------------------------------------------------------------

# Main navigation: (section key, label, address from the site root). Pages mark their section as current.
NAVIGATION = [
    ("platforms", "Platforms", "platforms/"),
    ("timeline", "Timeline", "timeline/"),
    ("regulators", "Regulators", "regulators/"),
    ("methodology", "Methodology", "methodology/"),
    ("data", "Data", "data/"),
    ("subscribe", "Subscribe", "subscribe/"),
    ("get-help", "Get help", "get-help/"),
]
# Entries per page of the site-wide timeline (`timeline/`, `timeline/page/2/`, ...).
TIMELINE_PAGE_SIZE = 50
# Where "Exit this page" goes: a neutral, busy site that gives nothing away on a shared screen.
EXIT_URL = "https://www.bbc.co.uk/weather"
# Support services on the "Get help" page, in the order shown. Official home pages only.
HELP_SERVICES = [
    {
        "name": "Revenge Porn Helpline",
        "url": "https://revengepornhelpline.org.uk/",
        "description": "Free, confidential advice for adults in the UK whose intimate images have been "
        "shared, or threatened to be shared, without their consent, including help to get them taken down.",
    },
    {
        "name": "StopNCII.org",
        "url": "https://stopncii.org/",
        "description": "For adults: makes a digital fingerprint (a hash) of an intimate image on your own "
        "device, so that participating platforms can find and block copies. The image itself is not "
        "uploaded.",
    },
    {
        "name": "Internet Watch Foundation: report child sexual abuse imagery",
        "url": "https://report.iwf.org.uk/",
        "description": "Report images or videos of child sexual abuse online, anonymously if you wish, so "
        "they can be removed.",
    },
    {
        "name": "Report Harmful Content",
        "url": "https://reportharmfulcontent.com/",
        "description": "Help for anyone in the UK to report harmful content online, and a way to escalate "
        "when a platform has not acted on your report.",
    },
]
