/**
 * Recording analysis: uploads (recordings or transcripts) and ended sessions become
 * analyses; ffprobe validates, ffmpeg normalises and chunks at silences, an
 * OpenAI-compatible speech-to-text provider transcribes, the LLM assesses, and reports
 * are written. Every stage is a durable job; a failure is a FAILED analysis with its
 * reason, never an invented number.
 */
package ai.flo.interviewer.analysis;
