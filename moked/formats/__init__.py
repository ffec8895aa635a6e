"""Number formats Django's own locale files leave out (FORMAT_MODULE_PATH): thousands grouped in
Hebrew, Persian and English too, and Persian's own separators. Persian digits are the `number`
filter's job (moked/web/templatetags/moked_numbers.py)."""
