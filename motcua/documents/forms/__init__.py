"""PDF forms 01-07 of TT 03/2025/TT-VPCP Annex I (layouts as in TT 01/2018): docs/forms.md.

Build one of the dataclasses of `data` and call `render(form)` for the PDF bytes. Nothing here
reads the database.
"""

from .data import (
    ApologyForm,
    Applicant,
    ControlSlipForm,
    Form,
    HandOver,
    Header,
    ReceiptForm,
    ReceivedDocument,
    RefusalForm,
    RegisterForm,
    RegisterRow,
    StopNoticeForm,
    SupplementItem,
    SupplementRequestForm,
)
from .render import render

__all__ = [
    "ApologyForm",
    "Applicant",
    "ControlSlipForm",
    "Form",
    "HandOver",
    "Header",
    "ReceiptForm",
    "ReceivedDocument",
    "RefusalForm",
    "RegisterForm",
    "RegisterRow",
    "StopNoticeForm",
    "SupplementItem",
    "SupplementRequestForm",
    "render",
]
