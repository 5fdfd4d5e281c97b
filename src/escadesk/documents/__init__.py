"""The PDF documents escadesk issues: invoices and credit notes, certificates (of
destruction, of the Bronze label) and the benchmarking report beside its workbook.

Each module lays out plain values gathered by a service, with reportlab, in the look of
the blank forms (:mod:`escadesk.forms.layout`), so every page the institute sends looks
like the same institute. Nothing here reads the database or the vault.
"""
