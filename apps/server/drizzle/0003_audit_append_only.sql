-- The audit log is append-only for the application: default privileges granted UPDATE and DELETE.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_logs FROM whatpro_app;
