"""Assignment: how each group hands out tickets (round robin, least open, skills), and who can
take one now: agents' skills, working hours (a business calendar) and absences.
"""
