"""Every write to a dossier (style.md: services for writes; one way to change a dossier).

Each service locks the dossier, checks the action against the lifecycle (`lifecycle.RULES`)
and the actor (`policies.can_act`), writes, and appends the `DossierEvent` in one transaction.
"""

from motcua.dossiers.selectors import open_consultations
from motcua.dossiers.services.applications import Applicant, Component, Intake, PaymentData
from motcua.dossiers.services.changes import (
    dossier_complete_supplement,
    dossier_record_postal_dispatch,
    dossier_refuse,
    dossier_request_extension,
    dossier_request_supplement,
    dossier_return_result,
    dossier_stop,
    dossier_withdraw,
)
from motcua.dossiers.services.common import DossierChangedError, DossierError
from motcua.dossiers.services.dispatch import ActionInput, dossier_act
from motcua.dossiers.services.intake import (
    dossier_forward,
    dossier_log_personal_data_access,
    dossier_receive,
    dossier_receive_at_counter,
    dossier_record_payment,
    dossier_refuse_at_intake,
    dossier_return_for_completion,
    dossier_submit,
    transfer_due,
)
from motcua.dossiers.services.processing import (
    dossier_approve,
    dossier_assign,
    dossier_complete_step,
    dossier_consult,
    dossier_issue_result,
    dossier_reply,
    dossier_send_back,
    dossier_sign,
    dossier_take,
)
from motcua.dossiers.services.ratings import dossier_rate
from motcua.dossiers.services.sweep import dossier_sweep

__all__ = [
    "ActionInput",
    "Applicant",
    "Component",
    "DossierChangedError",
    "DossierError",
    "Intake",
    "PaymentData",
    "dossier_act",
    "dossier_approve",
    "dossier_assign",
    "dossier_complete_step",
    "dossier_complete_supplement",
    "dossier_consult",
    "dossier_forward",
    "dossier_issue_result",
    "dossier_log_personal_data_access",
    "dossier_rate",
    "dossier_receive",
    "dossier_receive_at_counter",
    "dossier_record_payment",
    "dossier_record_postal_dispatch",
    "dossier_refuse",
    "dossier_refuse_at_intake",
    "dossier_reply",
    "dossier_request_extension",
    "dossier_request_supplement",
    "dossier_return_for_completion",
    "dossier_return_result",
    "dossier_send_back",
    "dossier_sign",
    "dossier_stop",
    "dossier_submit",
    "dossier_sweep",
    "dossier_take",
    "dossier_withdraw",
    "open_consultations",
    "transfer_due",
]
