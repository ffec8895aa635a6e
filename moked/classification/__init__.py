"""Classification: learning each organisation's ticket fields (type, category, service, group) from
its history, the pipeline that predicts them with a confidence, and its evaluation on held-out rows;
and the tickets similar to a ticket within its organisation (`similar`).
"""
