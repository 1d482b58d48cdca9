"""Claims in and out as CSV: the import of a desk's spreadsheet (importer: a dry run naming every
bad line, then an all-or-nothing import through the models' own validation) and the exports
(export: published verdicts and claims for partners, every claim for the desk).

The standard library's csv module does the reading and writing. django-import-export was weighed
and left out: it validates and saves through its own Resource classes row by row, where the desk
wants its claims checked by the models' full_clean, grouped with their citations, and saved by
one service in one transaction, with the errors worded for reporters; and it would pull in
tablib for formats the desk does not need. defusedcsv was left out too: its rule (a quote before
a cell that starts with = + - @, a tab or a carriage return) is the few lines of cells.safe.
"""
