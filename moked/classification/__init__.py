"""Classification: each organisation's models of its ticket fields (type, category, service, group,
impact, urgency) learnt from its resolved tickets, the predictions made for new tickets, their
outcomes and figures, and the tickets most similar to a ticket.
"""
