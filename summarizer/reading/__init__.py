"""Reading an article: its language, sentences, periods, titles and every figure with its
exact span and value (CLDR data through babel). Pure: no I/O, no engines.
"""
