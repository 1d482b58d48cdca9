"""WCAG 2.1 AA checks in the browser tests: axe-core, pinned in tests/axe/package.json and
installed by `npm ci --prefix tests/axe` (`make setup` does it), run inside the page Playwright
shows.

axe is injected with page.evaluate rather than a <script> tag: evaluate runs in the page's own
world through the DevTools protocol and is not subject to the Content-Security-Policy, which blocks
inline scripts on our pages.
"""

from pathlib import Path

AXE_JS = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"

# The success criteria of WCAG 2.0 and 2.1, levels A and AA; nothing beyond (no best practices,
# no AAA), which is what the project promises.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Violations inside markup the project does not write and cannot reasonably change, each a rule id
# and the CSS selector of the nodes it is waived on, with why. Keep this list short and explained.
EXCLUDED: list[tuple[str, str, str]] = [
    # Select2 4.0 (vendored in Django's admin for autocomplete_fields) names its combobox with
    # aria-labelledby pointing at the selected option's text, which is empty until something is
    # chosen (and the text itself has role=textbox); the real <select> it stands for has its
    # <label>.
    ("aria-input-field-name", ".select2-selection[role=combobox]", "Select2 in Django's admin"),
    ("aria-input-field-name", ".select2-selection__rendered", "Select2 in Django's admin"),
    # Select2's search box of a multiple choice (the autocomplete of a many-to-many field) is an
    # <input> its JavaScript inserts with no label.
    ("label", ".select2-search__field", "Select2 in Django's admin"),
    # Select2 puts that search box, in a <span>, directly inside its <ul> of chosen options.
    ("list", ".select2-selection--multiple > ul", "Select2 in Django's admin"),
]

_source: str | None = None


def axe_available() -> bool:
    return AXE_JS.is_file()


def _axe_source() -> str:
    global _source
    if _source is None:
        _source = AXE_JS.read_text(encoding="utf-8")
    return _source


def violations(page) -> list[dict]:
    """Run axe on what the page shows now; return its WCAG 2.1 AA violations, minus EXCLUDED."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Indirect eval: axe's source runs at the page's top level, as a <script> would.
        page.evaluate("(source) => { (0, eval)(source); }", _axe_source())
    return page.evaluate(
        """async ([tags, excluded]) => {
            const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            const waived = (id, node) => excluded.some(([rule, selector]) => {
                if (rule !== id || node.target.length !== 1) return false;
                const element = document.querySelector(node.target[0]);
                return element !== null && element.matches(selector);
            });
            return results.violations.map(v => {
                const nodes = v.nodes.filter(n => !waived(v.id, n));
                return {
                    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                    targets: nodes.map(n => n.target.join(" ")),
                    summaries: nodes.map(n => n.failureSummary || ""),
                };
            }).filter(v => v.targets.length > 0);
        }""",
        [WCAG_21_AA, [[rule, selector] for rule, selector, _ in EXCLUDED]],
    )


def format_violations(where: str, found: list[dict]) -> str:
    lines = [f"{len(found)} WCAG 2.1 AA violation(s) on {where}:"]
    for v in found:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        # The same failure on many nodes (every card of a list) is shown once, with its nodes.
        by_summary: dict[str, list[str]] = {}
        for target, summary in zip(v["targets"], v["summaries"], strict=True):
            by_summary.setdefault(" ".join(summary.split()), []).append(target)
        for summary, targets in by_summary.items():
            shown = ", ".join(targets[:12]) + (
                f" and {len(targets) - 12} more" if len(targets) > 12 else ""
            )
            lines.append(f"    {shown}")
            if summary:
                lines.append(f"      {summary[:400]}")
    return "\n".join(lines)


def assert_accessible(page, where: str | None = None) -> None:
    """Fail with a readable list (rule, impact, selectors, help URL) if axe finds violations."""
    found = violations(page)
    assert not found, format_violations(where or page.url, found)


class Audit:
    """Collects the violations of every page a test visits, to report them all at once at the end
    (one failing page should not hide the others)."""

    def __init__(self):
        self.failures: list[str] = []
        self.checked: list[str] = []

    def check(self, page, where: str) -> None:
        self.checked.append(where)
        found = violations(page)
        if found:
            self.failures.append(format_violations(where, found))

    def assert_clean(self) -> None:
        assert self.checked, "no page was checked"
        assert not self.failures, "\n\n".join(self.failures)
