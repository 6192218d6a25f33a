"""Server-rendered SVG charts: geometry computed here, drawn by templates/reports/partials/_chart.svg.

No JavaScript: the numbers are in a table beside each chart, the chart only shows the shape.
"""

from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT, PAD_BOTTOM, PAD_TOP = 600, 200, 24, 12


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: Decimal | int
    label: str
    series: int


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    labels: list[tuple[float, str]]
    maximum: Decimal | int
    width: int = WIDTH
    height: int = HEIGHT
    baseline: int = HEIGHT - PAD_BOTTOM
    line_y: float | None = None  # a reference line (capacity), when given


def bar_chart(labels: list[str], series: list[list], *, reference=None) -> Chart:
    """Grouped bars: one group per label, one bar per series, scaled to the largest value
    (or ``reference``, drawn as a line, when larger)."""
    values = [v or 0 for values in series for v in values]
    maximum = max([*values, reference or 0, 1])
    plot = HEIGHT - PAD_BOTTOM - PAD_TOP
    group = WIDTH / max(1, len(labels))
    width = group * 0.8 / max(1, len(series))
    bars = []
    for s, values in enumerate(series):
        for i, value in enumerate(values):
            h = float(value or 0) / float(maximum) * plot
            x = i * group + group * 0.1 + s * width
            bars.append(
                Bar(
                    round(x, 1),
                    round(HEIGHT - PAD_BOTTOM - h, 1),
                    round(width, 1),
                    round(h, 1),
                    value,
                    labels[i],
                    s,
                )
            )
    ticks = [(round(i * group + group / 2, 1), label) for i, label in enumerate(labels)]
    line_y = None
    if reference:
        line_y = round(HEIGHT - PAD_BOTTOM - float(reference) / float(maximum) * plot, 1)
    return Chart(bars, ticks, maximum, line_y=line_y)
