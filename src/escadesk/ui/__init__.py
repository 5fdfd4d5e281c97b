"""The desk's widgets. The only Qt code; talks to services, never to storage or the vault."""
