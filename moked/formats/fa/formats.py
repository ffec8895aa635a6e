NUMBER_GROUPING = 3
THOUSAND_SEPARATOR = "\u066c"  # Arabic thousands separator, as Persian writes it
DECIMAL_SEPARATOR = "\u066b"  # Arabic decimal separator
