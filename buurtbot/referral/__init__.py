"""The referral index (verwijzingsindex): who helps with what, where."""
