"""Pelican settings for the public site (`invoke publish`, the deploy workflow): absolute links, clean output.

Development builds use pelicanconf.py alone (relative links, so output/ works from the disk); everything
else, feed ids included, is shared, so a publish build differs only in where links point.

The public address is never written here: it comes from the `SITEURL` environment variable, which the
deploy workflow sets from the Pages configuration (so a copy of the project on another account or under
a sub-path such as `https://owner.github.io/repository` links to itself). A publish build without it
stops with a message saying so, rather than publishing pages whose stylesheet points at another host.
"""

import os
import sys

# Pelican executes this file without its folder on sys.path: put it there so the import below finds
# pelicanconf.py (and the tracker package) wherever the build is started from.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: F403
from tracker.settings import publish_site_url

SITEURL = publish_site_url(os.environ.get("SITEURL"))
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
# Publish builds are clean: nothing from an earlier build is reused.
TRACKER_CACHE_PATH = ""
