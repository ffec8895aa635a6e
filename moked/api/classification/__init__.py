"""Classification's endpoints, over moked.classification: a ticket's predictions (and accepting
one), each organisation's fields (mode, target precision, precision and coverage) and models
(versions with their evaluations, training on demand), and the provider-wide model."""
