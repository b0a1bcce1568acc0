"""Checking the data: the JSON Schema, the rules it cannot express, the privacy lint.

A campaigner's pull-request check runs only this far: it never imports derive or a writer.
"""
