"""Date and number formats per language (``FORMAT_MODULE_PATH``).

Django's own formats serve Dutch and French; English follows the United Kingdom (en-GB: day
before month, 24-hour clock), not the United States, as samen's English readers are officials
in Europe.
"""
