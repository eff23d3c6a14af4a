"""Many articles at once: the thread-pool batch, its rows and files, the pacer, Ray Data and
the providers' batch APIs. The batch edge: the core never imports these.
"""
