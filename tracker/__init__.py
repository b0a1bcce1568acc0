"""Regulator-inaction tracker: campaigners' YAML in, a public static site and feeds out.

Data flows one way, and so do imports: model -> text -> load -> check -> derive -> the writers (site,
feeds, downloads) -> build -> cli. docs/architecture.md draws it; tests/test_layers.py holds the code
to it, so a campaigner's pull-request check (load and check) never imports deriving or rendering.
"""

__version__ = "0.1.0"
