"""Pure business rules of the workshop: no Qt, no SQL, no I/O, nothing else of the project."""
