"""Images and video as evidence on citations (issue 13): inspect.py decides what a file is and
reads its metadata, hashes.py finds the same picture cited before, services.py stores media,
tasks.py fetches and makes thumbnails in the background, views.py serves them safely."""
