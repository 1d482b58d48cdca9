"""The demo desk's case study: the January 2022 unrest in Kazakhstan, from two news reports.

`data` holds the case study as plain Python data; `manage.py loaddemo` builds the desk from it.
"""
