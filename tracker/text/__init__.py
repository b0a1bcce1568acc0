"""Text as a reader sees it: Markdown rendered and sanitized, host names, URLs and defanging.

Checks and writers use the same functions, so what the validator accepts is what is printed.
"""
