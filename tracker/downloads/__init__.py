"""Open data: platforms.json, events.csv, their schema and the data dictionary.

A writer of the build, beside site and feeds.
"""
