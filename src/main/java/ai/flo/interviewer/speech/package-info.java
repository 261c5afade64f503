/**
 * Speech providers over HTTP: speech-to-text through OpenAI-compatible
 * {@code /audio/transcriptions} (OpenAI whisper-1 or gpt-4o-transcribe, Groq whisper-large-v3, or a
 * self-hosted server by base URL). Used by recording analysis and by the voice interviewer.
 */
package ai.flo.interviewer.speech;
