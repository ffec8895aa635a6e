"""Web pages: the agent workspace, the administration, the self-service portal and the page the
links in clients' mail open (moked.accounts issues them); sign-in limits and security headers.

Pages are server-rendered Django templates, translated into English, Hebrew, Persian and Finnish.
"""
