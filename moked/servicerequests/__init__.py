"""Service requests: the catalogue items a client's people may ask for (who may, each form's
versions, approval chain and fulfilment plan) and the requests made, from submission to fulfilment.
"""
