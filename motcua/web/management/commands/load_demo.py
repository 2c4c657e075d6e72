"""`manage.py load_demo`: the demo province (Cao Bằng), its personas, catalogue and processes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from motcua.accounts.demo import DEMO_PASSWORD, PERSONAS, load_demo
from motcua.accounts.models import UserKind
from motcua.catalog.demo import demo_catalog_drafts, demo_catalog_not_loaded, load_demo_catalog
from motcua.documents.demo import load_demo_pki, load_demo_result
from motcua.documents.signing.pki import DEMO_MARK
from motcua.dossiers.demo import load_demo_dossiers
from motcua.feedback.demo import load_demo_feedback
from motcua.portal.demo import load_demo_portal
from motcua.workflow.demo import demo_processes_kept_as_drafts, load_demo_processes


class Command(BaseCommand):
    help = (
        "Load the demo province, personas, catalogue and internal processes (can be run again "
        "without duplicating anything)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = load_demo()
        if report.errors:
            for error in report.errors:
                self.stderr.write(error)
            raise CommandError("The demo units could not be loaded.")
        self.stdout.write(
            f"Demo units: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged."
        )
        created, unchanged = load_demo_catalog()
        drafts = demo_catalog_drafts()
        self.stdout.write(
            f"Demo procedures: {created} versions created, {unchanged} unchanged; "
            f"{len(drafts)} stay drafts (incomplete in the source data):"
        )
        for code, missing in drafts.items():
            self.stdout.write(f"  {code}: missing {', '.join(missing)}")
        for code, reason in demo_catalog_not_loaded().items():
            self.stdout.write(f"  {code} not loaded: {reason}")
        processes = load_demo_processes()
        self.stdout.write(
            f"Demo internal processes: {processes.published} published, {processes.drafted} "
            f"saved as drafts, {processes.unchanged} unchanged; kept as drafts:"
        )
        for code, reason in demo_processes_kept_as_drafts().items():
            self.stdout.write(f"  process of {code}: {reason}")
        demo_pki = load_demo_pki(directory=Path(settings.VAR_DIR) / "demo-pki")
        self.stdout.write(
            f"Demo PKI ({DEMO_MARK}): {demo_pki.agencies} agencies can sign results; root CA "
            f"{demo_pki.root_pem}."
        )
        created = load_demo_dossiers()
        self.stdout.write(f"Demo dossiers at Thục Phán ward: {created} created.")
        result = load_demo_result(public_url=settings.MOTCUA_PUBLIC_URL)
        if result is not None:
            self.stdout.write(f"Demo signed result: {result.code} (verify at /xac-thuc/).")
        portal = load_demo_portal()
        self.stdout.write(
            f"Demo citizen portal (congdan): {portal} created (a stored document, an online "
            "application awaiting intake)."
        )
        categories, answers = load_demo_feedback()
        self.stdout.write(
            f"Demo feedback: {categories} categories (Open311 services) created, "
            f"{answers} published answers created."
        )
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for persona in PERSONAS:
            role = persona.role.label if persona.role is not None else UserKind.CITIZEN.label  # type: ignore[attr-defined]
            self.stdout.write(f"  {persona.username:<22} {role:<18} sees {persona.sees}")
        self.stdout.write(
            "Staff also need the second factor: `.venv/bin/python manage.py demo_code` prints "
            "the current demo code (all demo staff share one demo authenticator key)."
        )
