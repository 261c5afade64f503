-- The admin key generated at first start when ADMIN_API_KEYS is empty (module access): its
-- SHA-256 digest only, never the key.
CREATE TABLE admin_api_keys (
    id         VARCHAR(50) NOT NULL PRIMARY KEY,
    key_digest VARCHAR(100) NOT NULL,
    created_at BIGINT      NOT NULL
);
