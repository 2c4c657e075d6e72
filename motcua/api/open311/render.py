"""Open311 GeoReport v2 documents in JSON and XML (http://wiki.open311.org/GeoReport_v2).

One Python structure per document, rendered to either format: a list of dicts becomes
`<root><item>…</item></root>` in XML, None an empty element, booleans `true`/`false`.
"""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET

from django.http import HttpResponse

JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(parent: ET.Element, value: Any, item_tag: str) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            child = ET.SubElement(parent, key)
            # A list inside an element names its items by the element's singular name.
            _fill(child, inner, key[:-1] if key.endswith("s") else f"{key}_item")
    elif isinstance(value, list):
        for inner in value:
            _fill(ET.SubElement(parent, item_tag), inner, item_tag)
    else:
        parent.text = _text(value)


def render(data: Any, fmt: str, *, root: str, item: str, status: int = 200) -> HttpResponse:
    """Return `data` as a JSON or XML response (`root` and `item` name the XML elements)."""
    if fmt == "xml":
        element = ET.Element(root)
        if isinstance(data, list):
            for inner in data:
                _fill(ET.SubElement(element, item), inner, item)
        else:
            _fill(element, data, item)
        body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(element, encoding="utf-8")
        # ET.tostring with encoding="utf-8" adds its own declaration; keep only one.
        body = body.replace(b"<?xml version='1.0' encoding='utf-8'?>\n", b"")
        return HttpResponse(body, content_type=XML_TYPE, status=status)
    return HttpResponse(json.dumps(data, ensure_ascii=False), content_type=JSON_TYPE, status=status)


def errors(fmt: str, status: int, *descriptions: str) -> HttpResponse:
    """Return the standard error document: a list of {code, description}."""
    items = [{"code": status, "description": description} for description in descriptions]
    return render(items, fmt, root="errors", item="error", status=status)
