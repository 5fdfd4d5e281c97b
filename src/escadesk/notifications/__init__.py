"""Letters, .eml drafts and SMTP delivery."""
