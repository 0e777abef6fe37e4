"""Operator commands: ``python -m ata_reflex.cli ensure-staff``, ``... deliver-mail`` and ``... remind``.

``ensure-staff`` creates the chamber's staff account from ``ATA_STAFF_USERNAME``,
``ATA_STAFF_PASSWORD`` and ``ATA_STAFF_EMAIL``, or resets its password and e-mail if it
exists. With none of the three set it does nothing and exits 0. ``deliver-mail`` sends the
queued mails once, for a cron job that retries what the app's background delivery could
not send. ``remind`` sends the carnet expiry reminders that are due today; running it twice
sends nothing twice.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Mapping, Sequence

from ata_reflex.domain.errors import ValidationFailed
from ata_reflex.services.accounts import ensure_staff_account
from ata_reflex.services.db import session_scope
from ata_reflex.services.carnets import local_today
from ata_reflex.services.mail import deliver_pending, mask_email
from ata_reflex.services.reminders import send_reminders

logger = logging.getLogger("ata_reflex.cli")

STAFF_VARIABLES = ("ATA_STAFF_USERNAME", "ATA_STAFF_PASSWORD", "ATA_STAFF_EMAIL")


def ensure_staff(environ: Mapping[str, str]) -> int:
    """Create or reset the staff account named in the environment; return the exit status."""
    values = [environ.get(name, "") for name in STAFF_VARIABLES]
    if not any(values):
        logger.info("ensure-staff: %s are unset, nothing to do", ", ".join(STAFF_VARIABLES))
        return 0
    missing = [name for name, value in zip(STAFF_VARIABLES, values) if not value]
    if missing:
        logger.error("ensure-staff: set all of %s; missing: %s", ", ".join(STAFF_VARIABLES), ", ".join(missing))
        return 2
    username, password, email = values
    try:
        with session_scope() as db:
            user, created = ensure_staff_account(db, username=username, password=password, email=email)
    except ValidationFailed as failure:
        # The codes name the broken rule, for example account.password_too_short.
        logger.error("ensure-staff: invalid staff account settings: %s", failure)
        return 2
    logger.info("ensure-staff: staff account %s user_id=%s email=%s",
                "created" if created else "updated", user.id, mask_email(user.email))
    return 0


def deliver_mail() -> int:
    """Send the queued mails that are due; return the exit status."""
    # deliver_pending commits after every mail, so this session must contain no other changes.
    with session_scope() as db:
        sent = deliver_pending(db)
    logger.info("deliver-mail: %s mail(s) sent", sent)
    return 0


def remind() -> int:
    """Send the expiry reminders due today (China time), then deliver the mails; return the exit status."""
    with session_scope() as db:
        sent = send_reminders(db, today=local_today())
    logger.info("remind: %s reminder(s) sent", sent)
    return deliver_mail()


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    """Run one command from the command line and return its exit status."""
    parser = argparse.ArgumentParser(prog="python -m ata_reflex.cli", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("ensure-staff", help="create or reset the staff account from ATA_STAFF_* variables")
    commands.add_parser("deliver-mail", help="send queued e-mails that are due")
    commands.add_parser("remind", help="send carnet expiry reminders (30 and 7 days before, and after expiry)")
    args = parser.parse_args(argv)
    if args.command == "ensure-staff":
        return ensure_staff(os.environ if environ is None else environ)
    if args.command == "remind":
        return remind()
    return deliver_mail()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    sys.exit(main())
