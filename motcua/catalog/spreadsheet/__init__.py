"""Workbooks of the catalogue in the column layout provinces use (openpyxl).

Three sheets: "Thủ tục" (one row per procedure), "Thành phần hồ sơ" (one row per required
document, by procedure code) and "Quy trình nội bộ" (one row per step of an internal process, by
procedure code and receiving unit). Row 1 holds the Vietnamese headers, row 2 the stable English
keys the import matches columns by, so columns may be moved or added; a sheet without the key
row is matched by its Vietnamese headers. Data starts on the row after. Reading collects every
problem with its sheet, row and column (motcua.catalog.transfer.items.Issue); the database
checks and the writes are motcua.catalog.transfer.importer's (the checks in its planning
module). docs/catalog-import.md describes the layout.

The headers and the words accepted in cells ("Tỉnh", "Có", "giờ làm việc") are the file format,
the same whatever the interface language, so they are constants (columns, and
motcua.catalog.transfer.cells) rather than translations.

columns: the sheets and their columns; reading: `read_file` and `read_workbook`; writing:
`write_workbook`.
"""

from __future__ import annotations

from motcua.catalog.spreadsheet.columns import (
    DOCUMENTS,
    INSTRUCTIONS,
    PROCEDURES,
    SHEETS,
    STEPS,
    Column,
    SheetSpec,
)
from motcua.catalog.spreadsheet.reading import read_file, read_workbook
from motcua.catalog.spreadsheet.writing import write_workbook

__all__ = [
    "DOCUMENTS",
    "INSTRUCTIONS",
    "PROCEDURES",
    "SHEETS",
    "STEPS",
    "Column",
    "SheetSpec",
    "read_file",
    "read_workbook",
    "write_workbook",
]
