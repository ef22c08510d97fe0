// Password hashing with argon2id (@node-rs/argon2 ships prebuilt binaries in its npm package).
import { hash, verify } from '@node-rs/argon2'

export const hashPassword = (password: string) => hash(password, { algorithm: 2 /* Argon2id */ })

export async function verifyPassword (passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    // A malformed stored hash never lets anyone in.
    return false
  }
}
