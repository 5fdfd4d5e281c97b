"""The desk's widgets. The only Qt code; talks to services, never to storage or the vault."""

from escadesk.ui.pyside_sources import keep_sources_out_of_memory

# Before any module of the desk is imported: PySide's import hook would otherwise keep the
# source of every module imported from now on in memory (ui/pyside_sources.py).
keep_sources_out_of_memory()
