"""The data model: vocabularies, frozen records, dates and located problems.

The bottom layer: it imports nothing else of the tracker, so every other layer may use it.
"""
