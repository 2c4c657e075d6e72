"""Which documents are "the same document" for reuse (NĐ 224/2026 Art. 18(4); TT 01/2023: a
digitised document is kept with its type so that later procedures can use it).

Procedures name the same paper in many ways ("Giấy tờ tùy thân (hộ chiếu/thẻ căn cước...)",
"Bản sao một giấy tờ tùy thân: thẻ căn cước/CCCD, hộ chiếu..."), so a document's type is found
from the folded words of its name by the rules below, first match wins; a name no rule knows is
its own type (its folded words). A stored document is offered for a required document of the
same type.
"""

from __future__ import annotations

from motcua.core.text import search_column

# (type, folded phrases any of which marks it). Measured on the demo catalogue: these cover the
# documents that recur across procedures (identity 12 procedures, residence 11, authorisation
# 14, the land-use certificate 6).
RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("identity", ("giay to tuy than", "the can cuoc", "can cuoc cong dan", "cccd", "ho chieu")),
    ("residence", ("noi cu tru", "so ho khau", "xac nhan thong tin ve cu tru")),
    ("authorisation", ("uy quyen",)),
    ("land_certificate", ("giay chung nhan quyen su dung dat", "giay chung nhan da cap")),
    ("birth_certificate", ("giay khai sinh",)),
    ("birth_report", ("giay chung sinh",)),
    ("marital_status", ("xac nhan tinh trang hon nhan",)),
    ("representation", ("viec dai dien",)),
)


def document_type(name: str) -> str:
    """Return the type of a document from its name: a rule's type, else its folded words."""
    folded = search_column(name)
    for kind, phrases in RULES:
        if any(f" {phrase} " in folded for phrase in phrases):
            return kind
    return folded.strip()[:1000]
