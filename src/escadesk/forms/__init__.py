"""The two blank forms a workshop sends out (registration, card authorization) as fillable
PDFs, and reading filled ones back into plain text fields.

Plain data in, plain data out: the writers (:mod:`.registration_pdf`,
:mod:`.card_authorization_pdf`) take a :class:`.content.FormWorkshop` and return PDF
bytes; the reader (:mod:`.reading`) takes bytes or a path and returns the fields as
strings (:mod:`.results`), or refuses the file with a :class:`.errors.FormReadError`
written for the user. May use reportlab, pypdf and :mod:`escadesk.domain`; nothing of Qt,
SQL, storage, services, UI or the vault. Checking the values (a delegate's e-mail, a card
number) stays with the domain's rules, called by the importing use case.

Nothing is imported here: reportlab takes about 0.2 s to import and pypdf 0.1 s, paid
only by the use case that makes or reads a form, never at start-up.
"""
