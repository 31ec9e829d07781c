"""Taking a result home: the phone page's short link and its QR code, the offline
map sketch, the contact card, the referral slip's content."""
