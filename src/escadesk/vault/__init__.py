"""Card authorization vault: keys, envelope encryption, shredding, audit chain."""
