"""Pages of case work: the resident's tabs, the worker's and head's lists, the institution pages."""
