"""The card-authorization vault: keys, envelope encryption, crypto-erase, audit chain.

Nothing card-related leaves this package in clear except through an unlocked vault, and
only services call it; exports and the UI never import it.
"""
