"""Import and export of the catalogue and its internal processes (spreadsheet and JSON).

items: what files parse into and the shared checks; importer: `catalog_import` (dry run,
idempotent import) and `catalog_export_items`; planning: the import's checks against the
database; export: what `catalog_export_items` picks; jsonfile: the JSON format; cells: the words
and values workbook cells may hold; example: the template's example. The workbook layout itself
is motcua.catalog.spreadsheet. docs/catalog-import.md describes the formats.
"""
