"""Feeds for journalists: items with stable ids, Atom, RSS, JSON Feed and the calendar.

A writer of the build, beside site and downloads.
"""
