"""What a server process remembers between requests (factcheck.api.feed, factcheck.partners.access):
rate-limit blocks, keys checked, the feed's position and pages."""


def forget_process_memory() -> None:
    """As if a new process served the next request: each test, and each example of a property
    test whose desk was rolled back (a desk that vanishes never happens outside tests, so the
    memory's bounds, which assume released verdicts stay, do not cover it)."""
    from factcheck.api.feed import forget_feed
    from factcheck.partners.access import ALLOWANCES, KEYS

    ALLOWANCES.clear()
    KEYS.clear()
    forget_feed()
