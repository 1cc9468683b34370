-- A photo for an honour (身边的榜样 above all): an image stored in the upload directory under a
-- random key, with its type as judged from its first bytes. Both set, or neither.
ALTER TABLE honours ADD COLUMN photo_key TEXT;
ALTER TABLE honours ADD COLUMN photo_type TEXT;
