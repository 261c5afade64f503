/**
 * The voice interviewer module: listening (voice activity in the candidate's audio) and
 * turn-taking. {@link ai.flo.interviewer.voice.VoiceActivity} turns 16 kHz PCM into speech started
 * and speech ended events with Silero VAD v5, run in process through onnxruntime; the model comes
 * with the build (scripts/vad/model.sh).
 */
package ai.flo.interviewer.voice;
