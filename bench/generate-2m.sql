-- Fills a fresh JupyterHub 3.0 SQLite database (tables made by JupyterHub's own ORM) with 2,000,000 rows.
-- Run with: sqlite3 jupyterhub.sqlite < generate-2m.sql   (about 10-20 s)
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA foreign_keys = OFF;
BEGIN;
INSERT INTO roles (id, name, description, scopes) VALUES
  (1, 'user', 'Standard user privileges', '["self"]'),
  (2, 'admin', 'Elevated privileges', '["admin:users"]'),
  (3, 'server', 'Post activity only', '["users:activity!user"]'),
  (4, 'token', 'Token with same permissions as its owner', '["inherit"]');
INSERT INTO oauth_clients (id, identifier, description, secret, redirect_uri, allowed_scopes)
  VALUES (1, 'jupyterhub', 'JupyterHub', 'secret', '/hub/oauth_callback', '[]');
WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 400000)
INSERT INTO users (id, name, admin, created, last_activity, cookie_id, state, encrypted_auth_state)
  SELECT x, 'user' || x, x % 1000 = 0, printf('2023-01-01 00:00:00.%06d', x % 1000000),
         printf('2024-06-01 12:%02d:%02d.%06d', x % 60, x % 60, x), 'cookie' || x, '{}', NULL FROM n;
WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 50000)
INSERT INTO servers (id, proto, ip, port, base_url, cookie_name)
  SELECT x, 'http', '10.0.' || (x / 250) || '.' || (x % 250), 8888, '/user/user' || x || '/', 'jupyterhub-user-user' || x
  FROM n;
WITH RECURSIVE n(x) AS (SELECT 2 UNION ALL SELECT x + 1 FROM n WHERE x < 50001)
INSERT INTO oauth_clients (id, identifier, description, secret, redirect_uri, allowed_scopes)
  SELECT x, 'jupyterhub-user-user' || (x - 1), 'Server at /user/user' || (x - 1) || '/', 'secret' || x,
         '/user/user' || (x - 1) || '/oauth_callback', '["access:servers!server=user' || (x - 1) || '/"]' FROM n;
WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 400000)
INSERT INTO spawners (id, user_id, server_id, state, name, started, last_activity, user_options, oauth_client_id)
  SELECT x, x, CASE WHEN x <= 50000 THEN x END,
         CASE WHEN x <= 50000 THEN '{"pid": ' || (10000 + x) || '}' ELSE '{}' END, '',
         CASE WHEN x <= 50000 THEN '2024-06-01 08:00:00.000000' END, '2024-06-01 09:00:00.000000', '{}',
         CASE WHEN x <= 50000 THEN 'jupyterhub-user-user' || x END FROM n;
WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 448995)
INSERT INTO api_tokens (user_id, service_id, id, hashed, prefix, client_id, session_id, created, expires_at,
                        last_activity, note, scopes)
  SELECT (x % 400000) + 1, NULL, x, 'sha512:16384:' || x, substr('p' || x, 1, 4), 'jupyterhub', NULL,
         '2024-01-01 00:00:00.000000', CASE WHEN x % 3 = 0 THEN '2025-01-01 00:00:00.000000' END,
         '2024-06-01 00:00:00.000000', 'Requested via api', '["inherit"]' FROM n;
WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1000)
INSERT INTO groups (id, name) SELECT x, 'group' || x FROM n;
WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 250000)
INSERT INTO user_group_map (user_id, group_id) SELECT x, (x % 1000) + 1 FROM n;
WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 400000)
INSERT INTO user_role_map (user_id, role_id) SELECT x, 1 FROM n;
COMMIT;
SELECT 'rows: ' || ((SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM servers) + (SELECT COUNT(*) FROM oauth_clients)
  + (SELECT COUNT(*) FROM spawners) + (SELECT COUNT(*) FROM api_tokens) + (SELECT COUNT(*) FROM groups)
  + (SELECT COUNT(*) FROM user_group_map) + (SELECT COUNT(*) FROM user_role_map) + (SELECT COUNT(*) FROM roles));
