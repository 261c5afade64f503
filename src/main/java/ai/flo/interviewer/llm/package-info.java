/**
 * The LLM gateway every feature uses: OpenAI, Groq, Gemini (OpenAI-compatible endpoint)
 * or any OpenAI-compatible base URL, provider and model per task; structured outputs
 * parsed into records and validated, with one repair attempt; retries on 429 and 5xx
 * honouring Retry-After; timeouts; usage and latency recorded per call; streamed
 * conversation turns with tool calls for the voice interviewer
 * ({@link ai.flo.interviewer.llm.LlmGateway#converse}). Text from candidates and job
 * descriptions is always delimited as untrusted data
 * ({@link ai.flo.interviewer.llm.Prompt}).
 */
package ai.flo.interviewer.llm;
