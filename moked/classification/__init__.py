"""Classification: each organisation's models of its ticket fields (type, category, service, group,
impact, urgency) learnt from its resolved tickets, the predictions made for new tickets, their
outcomes and figures; and the tickets similar to a ticket within its organisation (`similar`).
"""
