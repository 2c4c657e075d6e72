"""Text helpers shared by every search: diacritic- and case-insensitive matching of Vietnamese."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w.\-]+")


def fold(text: str) -> str:
    """Return `text` lower-cased without diacritics ("Đăng ký kết hôn" -> "dang ky ket hon").

    NFD splits a letter from its marks (tone and shape); the marks are dropped. "đ" is a letter
    of its own in Unicode, not d plus a mark, so it is mapped by hand.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACES.sub(" ", stripped.lower()).strip()


def folded_words(text: str) -> list[str]:
    """Return the folded words of `text`: punctuation other than "." and "-" (codes keep them)
    separates words."""
    return _NOT_WORD.sub(" ", fold(text)).split()


def search_terms(query: str) -> list[str]:
    """Return the folded words of a search query, punctuation removed, at most 8."""
    return folded_words(query)[:8]


def search_column(*parts: str) -> str:
    """Return the text a search column stores: the folded words of `parts`, with a space
    before each word and one at the end (" dang ky ket hon 1.001193 ").

    So a query word `w` starts a word exactly when the column contains " w": one `LIKE`
    per word, which an index covering the column answers without reading the table rows.
    """
    words = folded_words(" ".join(parts))
    return f" {' '.join(words)} " if words else ""


def sentence(parts: list[str]) -> str:
    """Join clauses into one sentence: "; " between them, first letter capital, final period."""
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."
