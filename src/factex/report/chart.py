"""A series as a small line chart: coordinates computed here, drawn as inline SVG by the template.

Time runs left to right (like the numbers inside the right-to-left page); a date is placed at the start
of its period (2024 -> 2024-01-01, 2024-07 -> 2024-07-01). Without usable dates the points are evenly
spaced in series order.
"""
from __future__ import annotations

import math
from datetime import date
from typing import Optional

WIDTH, HEIGHT = 360, 150
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 14, 28  # room for the value labels (left) and dates (bottom)


def _day(text: Optional[str]) -> Optional[int]:
    if not text:
        return None
    parts = text.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        return date(year, month, day).toordinal()
    except (ValueError, IndexError):
        return None


def _short(value: float) -> str:
    """1,250,000 -> 1.25M: axis labels stay short."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}"


def series_chart(points: list[dict]) -> dict:
    """{"width", "height", "line", "dots": [{"x", "y", "decrease", "others": [y...]}], "y_labels", "x_labels"}."""
    days = [_day(p.get("date")) for p in points]
    xs = days if all(d is not None for d in days) and len(set(days)) > 1 else list(range(len(points)))
    values = [p["value"] for p in points if isinstance(p.get("value"), (int, float)) and math.isfinite(p["value"])]
    values += [v for p in points for v in p.get("others", ()) if isinstance(v, (int, float)) and math.isfinite(v)]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if high == low:
        low, high = low - (abs(low) or 1) * 0.5, high + (abs(high) or 1) * 0.5
    x0, x1 = min(xs), max(xs)

    def px(x):
        return round(LEFT + (x - x0) / ((x1 - x0) or 1) * (WIDTH - LEFT - RIGHT), 1)

    def py(v):
        return round(TOP + (high - v) / (high - low) * (HEIGHT - TOP - BOTTOM), 1)

    dots = []
    for x, point in zip(xs, points):
        value = point.get("value")
        if not isinstance(value, (int, float)) or not math.isfinite(value):
            continue
        others = [py(v) for v in point.get("others", ()) if isinstance(v, (int, float)) and math.isfinite(v)]
        dots.append({"x": px(x), "y": py(value), "decrease": point["decrease"], "others": others, "point": point})
    return {
        "width": WIDTH, "height": HEIGHT, "left": LEFT, "bottom": HEIGHT - BOTTOM, "right": WIDTH - RIGHT, "top": TOP,
        "line": " ".join(f"{d['x']},{d['y']}" for d in dots),
        "dots": dots,
        "y_labels": [{"y": py(high), "text": _short(high)}, {"y": py(low), "text": _short(low)}],
        "x_labels": [{"x": px(xs[0]), "text": points[0].get("date") or "", "anchor": "start"},
                     {"x": px(xs[-1]), "text": points[-1].get("date") or "", "anchor": "end"}],
    }
