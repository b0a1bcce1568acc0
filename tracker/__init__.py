"""Regulator-inaction tracker: campaigners' YAML in, a public static site and feeds out.

Data flows one way: load -> validate -> derive -> render. Each step is its own module so that a
campaigner's pull-request check (validate) never imports the page-rendering machinery.
"""

__version__ = "0.1.0"
