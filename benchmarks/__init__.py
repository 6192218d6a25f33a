"""Speed benchmarks of the pages on large synthetic data sets, run by management commands.

Not app code: nothing under ``apps`` imports from here. ``common`` holds what every
benchmark needs (timing a page, percentiles, the result columns); each benchmark is a
package of its own (``residents``).
"""
