"""Web pages: the agent workspace, the administration, the self-service portal and the links in
clients' mail that open it (single-use PortalLinks); sign-in limits and the pages' security headers.

Pages are server-rendered Django templates, translated into English, Hebrew, Persian and Finnish.
"""
