/**
 * The AI providers this service calls over HTTP (OpenAI, Groq, Gemini's OpenAI-compatible
 * endpoint, Cartesia): their keys and addresses. A missing key does not stop the start; a
 * feature that needs the provider answers with a "not configured" problem.
 */
package ai.flo.interviewer.providers;
