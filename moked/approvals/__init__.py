"""Approvals: chains of steps a request (and later a change) waits on, who decides each step and by
which rule, delegation, and reading a decision from an e-mail reply (`decisions`, pure).
"""
