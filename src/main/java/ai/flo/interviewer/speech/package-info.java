/**
 * Speech providers over HTTP. Speech-to-text through OpenAI-compatible
 * {@code /audio/transcriptions} (OpenAI whisper-1 or gpt-4o-transcribe, Groq
 * whisper-large-v3, or a self-hosted server by base URL), used by recording analysis and
 * by the voice interviewer. Text-to-speech for the voice interviewer through Cartesia or
 * OpenAI, streamed as 16 kHz PCM ({@link ai.flo.interviewer.speech.TextToSpeech}), fed
 * sentence by sentence from the LLM's streamed answer
 * ({@link ai.flo.interviewer.speech.Sentences}), technical terms said as
 * {@code speech/pronunciations.tsv} says.
 */
package ai.flo.interviewer.speech;
