"""The main window's commands, one module per area of the workshop.

Each area declares its actions (text, shortcut, tooltip), their place in the menus and
the toolbar, the rule that enables each (a function of ``SelectionState``) and its
handlers; ``ui/main_window.py`` composes the areas. A feature edits its own area.
"""
