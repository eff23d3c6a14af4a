"""Where an article comes from: pasted text and its limits (`text`), a document with its
format and pages, files, links (fetched with timeouts, caps and address checks) and PDFs.
The I/O edge: the core never imports these.
"""
