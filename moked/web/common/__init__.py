"""What every area of the pages shares: refusals shown as messages, a service's refusal put beside
its field, the reader's language and client address, private answers, the forms' Bootstrap look."""
