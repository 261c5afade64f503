/**
 * The room client on LiveKit's FFI engine: connect, events, PCM in and out, data
 * messages. Exposed to the voice interviewer, which hears and speaks through it.
 */
@org.springframework.modulith.NamedInterface("rtc")
package ai.flo.interviewer.agent.rtc;
