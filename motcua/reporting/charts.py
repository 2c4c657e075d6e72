"""Server-rendered SVG charts (no JavaScript, no build step): bars with their numbers written
next to them, each bar a link to the dossiers behind it when it has one (docs/dependencies.md
explains why no chart library)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

INK, MUTED, BAR, GOOD, WARN, LINE = "#1b1f24", "#4a5360", "#0b4f9c", "#1d6b36", "#8a4b00", "#c9d0d9"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the number as shown
    href: str = ""
    maximum: float | None = None  # for bars of a score out of a maximum
    colour: str = BAR


def _wrap(href: str, inner: str) -> str:
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


def horizontal(bars: Sequence[Bar], *, title: str, width: int = 560) -> SafeString:
    """Return horizontal bars, one row each: label, bar, number."""
    row, label_width, text_width = 28, 210, 90
    height = row * max(len(bars), 1) + 8
    room = width - label_width - text_width
    top = max((b.maximum or b.value for b in bars), default=0) or 1
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for index, bar in enumerate(bars):
        y = index * row + 4
        scale = bar.maximum or top
        length = 0 if not scale else room * max(bar.value, 0) / scale
        label = bar.label if len(bar.label) <= 32 else bar.label[:31] + "…"
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 17}" text-anchor="end" fill="{INK}" '
            f'font-size="13">{escape(label)}</text>'
        )
        if bar.maximum:
            parts.append(
                f'<rect x="{label_width}" y="{y + 4}" width="{room}" height="18" fill="none" '
                f'stroke="{LINE}"/>'
            )
        parts.append(
            _wrap(
                bar.href,
                f'<rect x="{label_width}" y="{y + 4}" width="{length:.1f}" height="18" '
                f'fill="{bar.colour}"><title>{escape(bar.label)}: {escape(bar.text)}</title>'
                "</rect>",
            )
        )
        parts.append(
            _wrap(
                bar.href,
                f'<text x="{label_width + room + 6}" y="{y + 17}" fill="{INK}" font-size="13">'
                f"{escape(bar.text)}</text>",
            )
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 -- every text above is escaped


def columns(
    groups: Sequence[tuple[str, Sequence[Bar]]], *, title: str, legend: Sequence[tuple[str, str]]
) -> SafeString:
    """Return grouped vertical columns (e.g. received and finished in time, per month)."""
    width, height, bottom, left = 640, 220, 40, 10
    per_group = max(len(groups), 1)
    slot = (width - left) / per_group
    top = max((b.value for _g, bars in groups for b in bars), default=0) or 1
    plot = height - bottom - 24
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for index, (name, bars) in enumerate(groups):
        x0 = left + index * slot
        bar_width = max((slot - 8) / max(len(bars), 1), 2)
        for position, bar in enumerate(bars):
            tall = plot * bar.value / top
            x = x0 + 4 + position * bar_width
            y = height - bottom - tall
            parts.append(
                _wrap(
                    bar.href,
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_width - 1:.1f}" '
                    f'height="{tall:.1f}" fill="{bar.colour}"><title>{escape(name)} · '
                    f"{escape(bar.label)}: {escape(bar.text)}</title></rect>",
                )
            )
        parts.append(
            f'<text x="{x0 + slot / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
            f'fill="{MUTED}" font-size="12">{escape(name)}</text>'
        )
    for index, (text, colour) in enumerate(legend):
        x = left + index * 200
        parts.append(
            f'<rect x="{x}" y="{height - 14}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 18}" y="{height - 4}" fill="{INK}" font-size="12">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 -- every text above is escaped
