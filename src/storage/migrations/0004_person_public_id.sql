-- Opaque ids of persons for URLs (issue 3: no personnummer in any URL; ids that cannot be
-- guessed or counted). Random 128-bit ids in hexadecimal; persons stored before this
-- migration get theirs here, new persons from the adapter when they are first appended.
ALTER TABLE persons ADD COLUMN public_id TEXT;
UPDATE persons SET public_id = lower(hex(randomblob(16))) WHERE public_id IS NULL;
CREATE UNIQUE INDEX persons_by_public_id ON persons (public_id);
