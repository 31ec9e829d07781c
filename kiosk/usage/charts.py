"""Simple bar charts drawn as SVG on the server: no chart library, no script."""

from markupsafe import Markup, escape

BAR = 28  # height of a horizontal bar, px
GAP = 8
LABEL_WIDTH = 240
FILL = "#00366b"  # the kiosk's accent colour: 12.6:1 on white
INK = "#111111"


def _short(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(items: list[tuple[str, int]], title: str, width: int = 720) -> Markup:
    """Return an SVG of horizontal bars, one per (label, value), values written out."""
    top = max((value for _, value in items), default=0) or 1
    room = width - LABEL_WIDTH - 70
    height = len(items) * (BAR + GAP) + GAP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for i, (label, value) in enumerate(items):
        y = GAP + i * (BAR + GAP)
        length = round(room * value / top)
        middle = y + BAR / 2 + 6
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" '
            f'fill="{INK}">{escape(_short(label))}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR}" '
            f'fill="{FILL}"></rect>'
            f'<text x="{LABEL_WIDTH + length + 8}" y="{middle}" '
            f'fill="{INK}">{value}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def column_chart(values: list[int], labels: list[str], title: str) -> Markup:
    """Return an SVG of vertical columns (e.g. the 24 hours of the day)."""
    column, gap, room, foot = 24, 6, 160, 28
    top = max(values, default=0) or 1
    width = len(values) * (column + gap) + gap
    height = room + foot + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = gap + i * (column + gap)
        length = round(room * value / top)
        y = 20 + room - length
        centre = x + column / 2
        parts.append(
            f'<rect x="{x}" y="{y}" width="{column}" height="{length}" '
            f'fill="{FILL}"><title>{escape(label)}: {value}</title></rect>'
            f'<text x="{centre}" y="{height - 8}" text-anchor="middle" '
            f'font-size="12" fill="{INK}">{escape(label)}</text>'
        )
        if value:
            parts.append(
                f'<text x="{centre}" y="{y - 4}" text-anchor="middle" '
                f'font-size="11" fill="{INK}">{value}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))
