"""The words a certificate of destruction quotes from its erasure record, in the
certificate's language.

An erasure record keeps its reason and what was destroyed as they were written, in
English (the services' constants, or a reason the director typed); the certificate of a
French-speaking organization says the known ones in French. A reason someone typed is
quoted as typed. The English sentences here are the services' own (tests compare them:
tests/services/test_french_certificates.py), listed again so this module imports none of
those services.
"""

from __future__ import annotations

from escadesk.i18n import N_, Translator

#: The reasons the services give for an erasure (charging.py, decision.py,
#: registrations.py) and what the vault says it destroyed (vault.py DESTROYED_WORDS).
KNOWN = frozenset(
    {
        N_("Card charged: the security code and the scanned form are no longer needed."),
        N_("Card charged: the retention period for the card number has ended."),
        N_("The workshop did not proceed: fewer than the minimum of organizations completed."),
        N_("The workshop is over; this authorization will never be charged."),
        N_("Registration not completed by the deadline; the workshop proceeded without it."),
        N_("Registration withdrawn: the card authorization is no longer needed."),
        N_(
            "card number, expiry date, cardholder name, billing address, signature date, "
            "verification code, scanned authorization form, and the keys that encrypted them"
        ),
        N_("verification code, scanned authorization form, and the key that encrypted them"),
    }
)


def in_language(stored: str, locale: str) -> str:
    """``stored`` in ``locale``'s language when it is one of the known sentences, else as
    it was written."""
    return Translator(locale).gettext(stored) if stored in KNOWN else stored
