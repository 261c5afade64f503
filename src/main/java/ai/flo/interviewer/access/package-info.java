/**
 * Who may call what: admin API keys ({@code ADMIN_API_KEYS}) for {@code /api/**}. Keys
 * are compared as SHA-256 digests in constant time and never logged, except a generated
 * key printed once.
 */
package ai.flo.interviewer.access;
