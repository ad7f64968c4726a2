-- Entries written before their change is made stay 'pending' until its outcome is known; the
-- recovery sweep looks for those left behind by a console that stopped in between.
CREATE INDEX audit_log_pending ON audit_log (at) WHERE result = 'pending';
