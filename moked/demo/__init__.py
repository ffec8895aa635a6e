"""Demo data: `moked demo` creates organisations in Israel, Iran and Finland, their people, groups,
services, categories and realistic tickets in Hebrew, Persian, Finnish and English.
"""
