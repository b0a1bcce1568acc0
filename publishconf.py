"""Pelican settings for the public site (`invoke publish`, the deploy workflow): absolute links, clean output.

Development builds use pelicanconf.py alone (relative links, so output/ works from the disk); everything
else, feed ids included, is shared, so a publish build differs only in where links point.
"""

import os
import sys

# Pelican executes this file without its folder on sys.path: put it there so the import below finds
# pelicanconf.py (and the tracker package) wherever the build is started from.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: F403

SITEURL = "https://regulator-inaction-tracker.example.org"
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
# Publish builds are clean: nothing from an earlier build is reused.
TRACKER_CACHE_PATH = ""
