/**
 * Recording analysis: uploads (recordings or transcripts) and ended sessions become
 * analyses; ffprobe validates, ffmpeg normalises and chunks at silences, an
 * OpenAI-compatible speech-to-text provider transcribes, the LLM assesses, and reports
 * are written. Every stage is a durable job; a failure is a FAILED analysis with its
 * reason, never an invented number. The verbatim transcript is the record: the model's
 * cleaned text is a guarded reading aid, evidence is checked against what was said, and
 * whether there is anything to assess, instruction-like speech and the scorecard are
 * decided by our code (docs/reports.md).
 */
package ai.flo.interviewer.analysis;
