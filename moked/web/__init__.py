"""Web pages: the landing page for now; the agent workspace and the self-service portal grow here.

Pages are server-rendered Django templates, translated into English, Hebrew, Persian and Finnish.
"""
