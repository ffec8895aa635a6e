"""The self-service portal: end users' and client managers' requests, a new request, one request's
page (templates in web/portal/)."""
