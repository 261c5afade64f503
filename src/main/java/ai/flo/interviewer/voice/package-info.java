/**
 * The voice interviewer: the agent that conducts an interview in a LiveKit room. It plans
 * the interview from the database ({@code PlanBuilder}), listens
 * ({@link ai.flo.interviewer.voice.VoiceActivity}: Silero VAD v5 run in process through
 * onnxruntime, the model coming with the build from scripts/vad/model.sh; end of turn;
 * speech-to-text), thinks (the LLM as interviewer, with tools that change the interview's
 * state in our code), speaks (text-to-speech sentence by sentence, barge-in), keeps real
 * time, and records the interview (transcript, captions, latency metrics, a stereo
 * recording).
 */
package ai.flo.interviewer.voice;
