"""Office formats as adapters: Excel and Word writers and the Excel reader.

Pure Python (no Django): they take plain data (the framework, values as in a county file,
results computed by qcounty.core) and return bytes, or read bytes into plain data.
"""
