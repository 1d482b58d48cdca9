"""The columns of a claims spreadsheet, shared by the import and the exports (README: "Claims from
a spreadsheet"). A row that has `text` starts a claim; the rows after it with the claim's columns
left empty add further citations to it."""

CLAIM_COLUMNS = [
    "text",
    "language",
    "text_en",
    "short",
    "slug",
    "claimant",
    "appeared_at",
    "time_zone",
]
CITATION_COLUMNS = [
    "source",
    "relays",
    "stance",
    "url",
    "title",
    "quote",
    "quote_language",
    "published_at",
    "note",
]
COLUMNS = CLAIM_COLUMNS + CITATION_COLUMNS
