/**
 * The LLM gateway every feature uses: OpenAI, Groq, Gemini (OpenAI-compatible endpoint) or any
 * OpenAI-compatible base URL, provider and model per task; structured outputs parsed into records
 * and validated, with one repair attempt; retries on 429 and 5xx honouring Retry-After; timeouts;
 * usage and latency recorded per call. Text from candidates and job descriptions is always
 * delimited as untrusted data ({@link ai.flo.interviewer.llm.Prompt}).
 */
package ai.flo.interviewer.llm;
