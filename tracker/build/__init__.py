"""The build: the Pelican generator, staging and swap, the incremental cache and workers.

The only layer that knows about Pelican's generator and about files on disk.
"""
