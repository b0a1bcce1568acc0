"""The public pages: views built once per build, page writers, chart, methodology, sitemap.

A writer of the build; it reads derived facts and never reaches into Pelican's generator.
"""
