"""Archived copies of cited pages (issue 13): a safe fetcher (fetch), WARC files (warc), the
captures' services and background tasks (services, tasks), and the pages that show them (views)."""
