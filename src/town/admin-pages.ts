import type { FastifyPluginAsync } from 'fastify'
export const adminPages: FastifyPluginAsync = async () => {}
