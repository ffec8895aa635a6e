"""The approval pages: the page behind a decision link (no sign-in, one approval), what waits for
an approver's decision in the portal and the workspace, and their delegation while away."""
