"""The transfer's one way up to the workflow app: internal processes travel with procedures.

The layers contract puts workflow above catalog, but one workbook carries a procedure and its
internal processes (domain.md §4), so the transfer needs the workflow's data types and services.
Every other transfer module imports them from here, and pyproject.toml's layers contract
ignores this module's imports only.
"""

from __future__ import annotations

from motcua.workflow import engine
from motcua.workflow.models import AllotmentUnit, JointMode, ProcessDefinition, Step, StepKind
from motcua.workflow.services import StepContent, process_draft_save, process_publish

__all__ = [
    "AllotmentUnit",
    "JointMode",
    "ProcessDefinition",
    "Step",
    "StepContent",
    "StepKind",
    "engine",
    "process_draft_save",
    "process_publish",
]
